#!/usr/bin/env python3
"""Validate stories.jsonl (labelled evaluation set). Usage: python3 validate.py [--final]"""
import json, re, sys, collections, datetime, os
HERE = os.path.dirname(os.path.abspath(__file__))
TYPES = {"usage_restriction","trade_restriction","regulation","enforcement","litigation",
         "security_incident","industrial_policy","corporate_deal","market_move","other"}
KINDS = {"company","product","government","regulator","country","person","organization","group"}
ROLES = {"actor","target","affected","mentioned"}
REG = re.compile(r"^([A-Z]{2}|EU)$")
errs = []
rows = []
with open(os.path.join(HERE, "stories.jsonl"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        if not line.strip():
            errs.append(f"line {n}: blank"); continue
        try:
            o = json.loads(line)
        except Exception as e:
            errs.append(f"line {n}: {e}"); continue
        rows.append((n, o))
ids = collections.Counter(o.get("id") for _, o in rows)
for i, c in ids.items():
    if c > 1: errs.append(f"duplicate id {i}")
FIELDS = ["id","event","outlet","published_at","title","body","event_type","regions","entities"]
events = collections.defaultdict(list)
for n, o in rows:
    for k in FIELDS:
        if k not in o: errs.append(f"line {n}: missing {k}")
    if set(o) - set(FIELDS): errs.append(f"line {n}: extra fields {set(o)-set(FIELDS)}")
    if o.get("event_type") not in TYPES: errs.append(f"line {n}: bad event_type {o.get('event_type')}")
    rg = o.get("regions") or []
    if not rg or not all(isinstance(r, str) and REG.match(r) for r in rg) or len(set(rg)) != len(rg):
        errs.append(f"line {n}: bad regions {rg}")
    try:
        d = datetime.datetime.strptime(o["published_at"], "%Y-%m-%dT%H:%M:%SZ")
        if not (2019 <= d.year <= 2026): errs.append(f"line {n}: year out of range")
    except Exception:
        errs.append(f"line {n}: bad published_at"); d = None
    words = len(o.get("body", "").split())
    if not (50 <= words <= 100): errs.append(f"line {n} {o.get('id')}: body {words} words")
    ents = o.get("entities") or []
    if not (1 <= len(ents) <= 6): errs.append(f"line {n}: {len(ents)} entities")
    names = set()
    for e in ents:
        if set(e) != {"name","kind","role"}: errs.append(f"line {n}: bad entity {e}")
        if e.get("kind") not in KINDS: errs.append(f"line {n}: bad kind {e}")
        if e.get("role") not in ROLES: errs.append(f"line {n}: bad role {e}")
        if e.get("name") in names: errs.append(f"line {n}: duplicate entity {e.get('name')}")
        names.add(e.get("name"))
    events[o.get("event")].append((o, d))
multi = 0
for ev, lst in events.items():
    if len(lst) == 1: continue
    multi += 1
    if len(lst) > 4: errs.append(f"event {ev}: {len(lst)} stories")
    outs = [o["outlet"] for o, _ in lst]
    if len(set(outs)) != len(outs): errs.append(f"event {ev}: repeated outlet")
    ds = [d for _, d in lst if d]
    if ds and (max(ds) - min(ds)) > datetime.timedelta(days=3): errs.append(f"event {ev}: spread > 3 days")
    if len({o["event_type"] for o, _ in lst}) != 1: errs.append(f"event {ev}: inconsistent event_type")
    if len({tuple(o["regions"]) for o, _ in lst}) != 1: errs.append(f"event {ev}: inconsistent regions")
    if len({o["title"] for o, _ in lst}) != len(lst): errs.append(f"event {ev}: duplicate titles")
dpath = os.path.join(HERE, "distractors.json")
nd = 0
if os.path.exists(dpath):
    groups = json.load(open(dpath))["groups"]
    for g in groups:
        for ev in g["events"]:
            if ev not in events: errs.append(f"distractors: unknown event {ev}")
            else: nd += len(events[ev])
tc = collections.Counter(o["event_type"] for _, o in rows)
print(f"stories={len(rows)} events={len(events)} multi_outlet_events={multi} distractor_stories={nd}")
print("types:", dict(sorted(tc.items())))
print("regions:", dict(collections.Counter(r for _, o in rows for r in o["regions"]).most_common()))
if "--final" in sys.argv:
    if len(rows) < 110: errs.append("fewer than 110 stories")
    if multi < 20: errs.append("fewer than 20 multi-outlet events")
    if nd < 12: errs.append("fewer than 12 distractor stories")
    for t in TYPES:
        if tc[t] < (3 if t == "other" else 6): errs.append(f"type {t}: only {tc[t]}")
for e in errs: print("ERROR", e)
sys.exit(1 if errs else 0)
