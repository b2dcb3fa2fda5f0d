"""bonsclics-cli: digital-autonomy diagnostics for social work, in the terminal.

The data flow is the architecture::

    questionnaire.toml --load--> Questionnaire --interview--> AnswerSheet --save--> answers.json
    answers.json --load--> AnswerSheet --score--> ScoreCard --render--> report (.html/.md/.json/.csv)
    structure.toml --load--> Structure (contact, local offers) --render--> the person's page
"""

__version__ = "0.1.0"
