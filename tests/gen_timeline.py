#!/usr/bin/env python3
"""gen_timeline.py - large `dipline merge` inputs for tests/merge.test.

    gen_timeline.py dyad N [json|jsonl]   one dyad, N reports on N different
                                          days (N events of one evidence)
    gen_timeline.py event N [json|jsonl]  one event with N evidence entries
                                          (N/1000 documents, 1000 each)

Writes the timeline to standard output in the layout `dipline build`
writes (json: two-space indentation; jsonl: one compact line an event), a
piece at a time, so that N can be millions.  Deterministic: the same
arguments always give the same bytes.
"""
import datetime
import json
import sys

CALL = {"cameo": "041", "label": "Discuss by telephone", "plover": "CONSULT",
        "quad_class": 1, "goldstein": 1.0, "trigger": "spoke by phone"}
ACTORS = [
    {"id": "person:anna-north", "name": "Anna North", "type": "person",
     "country": "NOR", "roles": ["foreign minister"], "aliases": []},
    {"id": "person:bo-south", "name": "Bo South", "type": "person",
     "country": "SWE", "roles": ["foreign minister"], "aliases": []},
]
DAY0 = datetime.date(1900, 1, 1)


def day(i):
    return (DAY0 + datetime.timedelta(days=i)).isoformat()


def time_obj(d, text):
    return {"value": d, "type": "DATE", "earliest": d, "latest": d,
            "granularity": "day", "mod": None, "text": text,
            "anchor": "clause"}


def evidence(doc, sentence, d):
    start = sentence * 100
    return {"document": doc, "sentence": sentence, "start": start,
            "end": start + 90, "atom": "%d:%d:041:0" % (sentence, start),
            "cameo": "041", "trigger": "spoke by phone",
            "status": "occurred", "time": time_obj(d, "on Tuesday"),
            "attributed_to": None, "ordinal": 0, "window": None,
            "series_of": None}


def document(doc, published):
    return {"id": doc, "title": "Report " + doc, "url": None,
            "source": "Generated", "published": published}


def event_head(i, d):
    return {"id": "ev-%016x" % i, "action": CALL,
            "source": [ACTORS[0]["id"]], "target": [ACTORS[1]["id"]],
            "status": "occurred", "time": time_obj(d, "on Tuesday"),
            "series": None, "attributed_to": None}


def indent(s, n):
    return s.replace("\n", "\n" + " " * n)


class Out:
    def __init__(self):
        self.w = sys.stdout.write

    def element(self, obj, first, depth):
        self.w(("\n" if first else ",\n") + " " * depth +
               indent(json.dumps(obj, indent=2, ensure_ascii=False), depth))


def json_dyad(n, out):
    w = out.w
    w('{\n  "dipline": "1.0",\n  "documents": [')
    for i in range(n):
        out.element(document("d%06d" % i, day(i)), i == 0, 4)
    w('\n  ],\n  "actors": [')
    for i, a in enumerate(ACTORS):
        out.element(a, i == 0, 4)
    w('\n  ],\n  "events": [')
    for i in range(n):
        e = event_head(i, day(i))
        e["evidence"] = [evidence("d%06d" % i, 0, day(i))]
        out.element(e, i == 0, 4)
    w('\n  ],\n  "relations": [],\n  "timelines": []\n}\n')


def json_event(n, out):
    w = out.w
    ndocs = max(1, (n + 999) // 1000)
    d = day(40000)
    w('{\n  "dipline": "1.0",\n  "documents": [')
    for i in range(ndocs):
        out.element(document("d%06d" % i, d), i == 0, 4)
    w('\n  ],\n  "actors": [')
    for i, a in enumerate(ACTORS):
        out.element(a, i == 0, 4)
    w('\n  ],\n  "events": [\n    ')
    head = json.dumps(event_head(0, d), indent=2, ensure_ascii=False)
    w(indent(head[:-2], 4) + ',\n      "evidence": [')
    for k in range(n):
        out.element(evidence("d%06d" % (k // 1000), k % 1000, d), k == 0, 8)
    w('\n      ]\n    }\n  ],\n  "relations": [],\n  "timelines": []\n}\n')


def line(e, docs):
    e["actors"] = ACTORS
    e["documents"] = docs
    return json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n"


def jsonl_dyad(n, out):
    for i in range(n):
        e = event_head(i, day(i))
        e["evidence"] = [evidence("d%06d" % i, 0, day(i))]
        out.w(line(e, [document("d%06d" % i, day(i))]))


def jsonl_event(n, out):
    # one line; written in pieces (the evidence array alone can be GBs)
    ndocs = max(1, (n + 999) // 1000)
    d = day(40000)
    head = json.dumps(event_head(0, d), ensure_ascii=False,
                      separators=(",", ":"))
    out.w(head[:-1] + ',"evidence":[')
    for k in range(n):
        out.w(("" if k == 0 else ",") +
              json.dumps(evidence("d%06d" % (k // 1000), k % 1000, d),
                         ensure_ascii=False, separators=(",", ":")))
    out.w('],"actors":' + json.dumps(ACTORS, separators=(",", ":")) +
          ',"documents":[')
    for i in range(ndocs):
        out.w(("" if i == 0 else ",") +
              json.dumps(document("d%06d" % i, d), separators=(",", ":")))
    out.w("]}\n")


def main():
    if len(sys.argv) not in (3, 4) or sys.argv[1] not in ("dyad", "event"):
        sys.exit(__doc__)
    n = int(sys.argv[2])
    form = sys.argv[3] if len(sys.argv) == 4 else "json"
    gen = {("dyad", "json"): json_dyad, ("event", "json"): json_event,
           ("dyad", "jsonl"): jsonl_dyad, ("event", "jsonl"): jsonl_event}
    if (sys.argv[1], form) not in gen:
        sys.exit(__doc__)
    gen[(sys.argv[1], form)](n, Out())


if __name__ == "__main__":
    main()
