"""Renders weir's Jinja corpus with real Jinja2, set up as dbt sets it up (dbt_common.clients.jinja.get_environment):
a sandboxed environment with the do and loopcontrols extensions and Jinja2's default Undefined (dbt's execution phase).
`return(x)` ends a macro with the value x, as dbt's MacroGenerator does for every macro it calls; the pure
functions of dbt's base context (tojson, fromjson, zip, local_md5, modules.re/itertools/datetime/pytz) are there too.

stdin: {"context": {...}, "templates": [{"name": ..., "source": ...}, ...]}
stdout: {name: {"ok": true, "out": "..."} | {"ok": false, "error": "..."}}
"""
import datetime
import hashlib
import itertools
import json
import re
import sys

import jinja2
import pytz
import jinja2.runtime
import jinja2.sandbox


class MacroReturn(Exception):
    def __init__(self, value):
        self.value = value


def dbt_return(value):
    raise MacroReturn(value)


class ReturningMacro(jinja2.runtime.Macro):
    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except MacroReturn as e:
            return e.value


jinja2.runtime.Macro = ReturningMacro


def dbt_tojson(value, default=None, sort_keys=False):
    try:
        return json.dumps(value, sort_keys=sort_keys)
    except ValueError:
        return default


def dbt_fromjson(string, default=None):
    try:
        return json.loads(string)
    except ValueError:
        return default


def dbt_zip(*args, default=None):
    try:
        return zip(*args)
    except TypeError:
        return default


def dbt_set(value, default=None):
    try:
        return set(value)
    except TypeError:
        return default


# The pure part of dbt's base context (dbt/context/base.py), as dbt defines it.
DBT_CONTEXT = {
    "return": dbt_return,
    "tojson": dbt_tojson,
    "fromjson": dbt_fromjson,
    "zip": dbt_zip,
    "set": dbt_set,
    "local_md5": lambda value: hashlib.md5(value.encode("utf-8")).hexdigest(),
    "modules": {"re": re, "itertools": itertools, "datetime": datetime, "pytz": pytz},
}


def main():
    request = json.load(sys.stdin)
    env = jinja2.sandbox.SandboxedEnvironment(extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"])
    env.globals.update(DBT_CONTEXT)
    results = {}
    for item in request["templates"]:
        try:
            out = env.from_string(item["source"]).render(dict(request["context"]))
            results[item["name"]] = {"ok": True, "out": out}
        except Exception as e:  # every failure is a result: the corpus compares them
            results[item["name"]] = {"ok": False, "error": f"{type(e).__name__}: {e}"}
    json.dump(results, sys.stdout)


main()
