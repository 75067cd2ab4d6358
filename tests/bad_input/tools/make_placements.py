#!/usr/bin/env python3
"""Writes a TIS placements snapshot with many applicants (for the full-disk cases): copies of
four eligible, in-window sample placements, 35 of each, with new placement and person ids."""
import csv, sys

source, target = sys.argv[1], sys.argv[2]
with open(source, newline='', encoding='utf-8') as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
templates = [r for r in body if r[0] in ('5002', '5004', '5006', '5010')]
with open(target, 'w', newline='', encoding='utf-8') as f:
    out = csv.writer(f, lineterminator='\n')
    out.writerow(header)
    serial = 0
    for template in templates:
        for _ in range(35):
            serial += 1
            row = list(template)
            row[0] = str(70000 + serial)   # placement_id
            row[10] = str(970000 + serial)  # person_id
            out.writerow(row)
