"""The interview: a questionnaire asked question by question, saved after every answer."""
