"""Collecting answers anywhere (FORMAT.md §6.10): an Excel workbook, ODK/KoboToolbox forms and
their exports, YAML submissions written from them, and gettext PO translations.

Modules (each imports its heavy dependency -- openpyxl, pyxform, polib -- inside its functions):

- :mod:`.common`    cell/row positions of problems, answer words, text -> answer values
- :mod:`.workbook`  ``template -f xlsx`` workbooks: writer, marker check, reader
- :mod:`.xlsform`   ``export xlsform``
- :mod:`.odk`       CSV/XLSX exports of that form from ODK Central and KoboToolbox
- :mod:`.importer`  submissions as YAML files: unique names, never overwriting, atomic
- :mod:`.po`        PO export, PO languages merged into a checklist, completeness notes
"""
