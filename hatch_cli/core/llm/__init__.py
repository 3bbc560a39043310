"""Stage 4, the model's brief and reply (``--llm``), around the one step that is not in
the core (asking the model: ``llm_writer``).

The modules, in pipeline order:

1. ``boundary``: the token that marks the notes' elements in the prompt, in none of them.
2. ``brief``: an ``Outline`` and its notes -> what the model is asked.
3. ``reply``: the model's answer -> the parts of an ``Article``, or its problems.
4. ``grounding``: the article's quotes and links checked against the notes.

It imports from the earlier stages; nothing imports it but the edges.
"""
