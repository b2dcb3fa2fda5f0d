"""The data folder: sessions by person, resume, import, history, export, anonymise, retention."""
