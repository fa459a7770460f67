#!/usr/bin/env bash
# Re-extract the UI strings, merge them into ky/ru/en, and compile. Then translate every new (empty or fuzzy)
# entry of ky and ru and run this again: tests/gateway/test_i18n.py fails on any untranslated string and on a
# stale .mo. The compiled .mo files are committed (the image and `pip install -e .` need no build step).
set -euo pipefail
cd "$(dirname "$0")/.."
pybabel extract -F translations/babel.cfg -k _l -k lazy_gettext -k N_ --no-location --sort-output \
  --project="Bir Tereze" -o translations/messages.pot . 
pybabel update -i translations/messages.pot -d translations --width 110 --ignore-obsolete
pybabel compile -d translations --statistics
