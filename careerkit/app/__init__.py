"""``careerkit app``: careerkit's widgets served as a local web app with Voilà.

:mod:`.page` builds the page (the tabs, or a folder's problems); :mod:`.server` serves
``app.ipynb`` with Voilà on the loopback interface, behind a random token, with a template
of its own (``jupyter/voila/templates/careerkit``) that loads nothing from another host.
Voilà is imported only when the app is served (``pip install careerkit[app]``).
"""
