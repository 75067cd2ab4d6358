#!/usr/bin/env python3
"""Generates a large, valid day of interface data for benchmarks and fault injection.

  gen_day.py rmf OUT_DIR RECORDS            DE_EMD_RMF_20261123_00000001.DAT with RECORDS POR+POS lines
  gen_day.py extract OUT_DIR POSITIONS PLACEMENTS_PER_POST
                                            posts_20261123.csv and placements_20261123.csv whose
                                            placements start inside the applicant window of 2026-11-23

Invented data only. Positions are numbered from 90000001; deanery numbers EMD/BENCH/<n>/STR/001.
"""
import csv
import os
import sys


def npn(i):
    return f"EMD/BENCH/{i:07d}/STR/001"


def rmf(out_dir, records):
    path = os.path.join(out_dir, "DE_EMD_RMF_20261123_00000001.DAT")
    positions = records // 2
    with open(path, "w", newline="") as f:
        for i in range(positions):
            pid = 90000001 + i
            f.write(f'"POR",{pid},,"C",{41000000 + i},"Specialty Registrar","{npn(i)}","EMD","Host Employer",'
                    f'"RWE","256","Leicester Royal Infirmary","Infirmary Square, Leicester"\r\n')
            f.write(f'"POS",{pid},,"C",{41000000 + i},"Specialty Registrar","Medical and Dental","General Medicine",'
                    f'"GIM","{npn(i)}","EMD","RWE","NHS","MS01","Specialty Registrar ST3","RWE"\r\n')
    print(path)


def extract(out_dir, positions, per_post):
    posts = os.path.join(out_dir, "posts_20261123.csv")
    with open(posts, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["npn", "status", "local_office"])
        for i in range(positions):
            w.writerow([npn(i), "CURRENT", "EMD"])
    columns = ["placement_id", "npn", "placement_type", "lifecycle", "start_date", "end_date", "wte", "grade",
               "site_code", "site_name", "person_id", "gmc_number", "gmc_expiry_date", "surname", "forenames",
               "date_of_birth", "email", "address1", "town", "postcode", "country", "ni_number"]
    placements = os.path.join(out_dir, "placements_20261123.csv")
    with open(placements, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        n = 0
        for i in range(positions):
            for k in range(per_post):
                n += 1
                w.writerow([str(700000 + n), npn(i), "In Post", "APPROVED", "2026-12-02", "2027-08-03", "1",
                            "ST3", "RWE01", "Leicester Royal Infirmary", str(800000 + n), f"{9000000 + n % 999999:07d}",
                            "2028-01-31", f"Surname{n}", f"Forename{n}", "1990-01-01", f"trainee{n}@example.nhs.uk",
                            f"{n} Example Street", "Leicester", "LE1 1AA", "GB", f"JZ{n % 1000000:06d}A"])
    print(posts)
    print(placements)


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "rmf":
        rmf(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) >= 5 and sys.argv[1] == "extract":
        extract(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        print(__doc__)
        sys.exit(2)
