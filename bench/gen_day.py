#!/usr/bin/env python3
"""Generates a large, valid day of interface data for benchmarks, shaped like ESR's and TIS's files.

  gen_day.py rmf OUT_DIR RECORDS [OPTIONS]
        DE_<LO>_RMF_<DATE>_<SEQ>.DAT with RECORDS POR+POS lines (an odd count ends on a POR)
  gen_day.py extract OUT_DIR POSITIONS PLACEMENTS_PER_POST [OPTIONS]
        posts_<DATE>.csv (one post per position of the RMF above) and placements_<DATE>.csv
        (PLACEMENTS_PER_POST per post, every one eligible and starting at the rotation of
        2026-12-02, inside the applicant window of 2026-11-23: the export then writes one APP
        line per placement)

OPTIONS (bench/run-ingest-bench and esr_parse_bench use the defaults):
  --office LO      local office of every record (default EMD)
  --date YYYYMMDD  business date in the file names (default 20261123; the placements' dates stay
                   those of the rotation of 2026-12-02)
  --seq N          sequence number of the RMF (default 1)
  --seed N         seed of the random choices (default 16); the same arguments give the same bytes

What the files look like (samples/ and schemas/ are the model):
  - RMF: every field ESR fills is filled (T_POR03 and T_POS03 are always empty, T_POS16 is filled
    one time in ten); CRLF; X fields quoted, N fields bare; text with commas inside quotes
    ("Surgery, Theatres and Critical Care"), doubled quotes ("Children’s ""Rainbow"" Unit"),
    non-ASCII UTF-8 (King’s, Brontë, en dashes); T_POS06 the staff group "Medical and Dental"
    (about 1 in 500 is "Medical and Dental\\" as in a real production file, which esrd validate
    accepts with a warning, as it does the sample's); about 166 bytes a record, printed to stderr
    with the number of records.
  - TIS placements: all 43 columns of DESIGN section 6, every one filled (GDC number and expiry
    only for the one trainee in 20 who is dual-qualified: a doctor has no GDC number); names with
    é, ł, ñ, apostrophes, hyphens, now and then a Chinese or Arabic name or a nickname in quotes;
    addresses with commas; GMC numbers of 7 digits and NI numbers that pass the XX999999Y rule
    (src/spec/identifiers.cpp), some written with spaces; LF line endings, RFC 4180 quoting.

Invented data only: people, numbers, e-mails (example.nhs.uk), phones (Ofcom drama ranges) and
NI numbers (the invented JZ prefix) are made up; trust and site names only make the files look real.

Identifiers (so that an RMF and an extract made with the same office and counts agree):
position i (0-based) of the office with index k in OFFICES has position id 90000001 + k*10^7 + i,
position number 41000000 + k*10^7 + i and deanery number npn(office, i), unique per office.

As a module (bench/run-national-day uses it): office_layout(), rmf_lines(), write_rmf(),
post_rows(), placement_row(), write_csv(), PLACEMENT_COLUMNS.
"""
import csv
import os
import random
import sys

OFFICES = ["EMD", "EOE", "KSS", "LDN", "MER", "NTH", "NWN", "OXF", "PEN", "SEV", "WES", "WMD", "YHD"]

# Per office: (ODS employer code, VPD, the NPN's trust-and-site part, TIS site code, site name as
# TIS has it, ESR location as ESR has it), and the towns its trainees live in:
# (town, county, postcode area, phone area code).
SITES = {
    "EMD": [("RWE", "256", "RWEAA", "RWE01", "Leicester Royal Infirmary", "Leicester Royal Infirmary"),
            ("RX1", "314", "RX1RA", "RX101", "Queen's Medical Centre", "Queen’s Medical Centre"),
            ("RTG", "287", "RTGFG", "RTG01", "Royal Derby Hospital", "Royal Derby Hospital"),
            ("RK5", "298", "RK5BC", "RK501", "King's Mill Hospital", "King’s Mill Hospital")],
    "EOE": [("RGT", "331", "RGTAA", "RGT01", "Addenbrooke's Hospital", "Addenbrooke’s Hospital"),
            ("RM1", "342", "RM1AA", "RM101", "Norfolk and Norwich University Hospital", "Norfolk and Norwich University Hospital"),
            ("RGN", "355", "RGNAA", "RGN01", "Peterborough City Hospital", "Peterborough City Hospital")],
    "KSS": [("RTP", "412", "RTPAA", "RTP01", "East Surrey Hospital", "East Surrey Hospital"),
            ("RVV", "433", "RVVKC", "RVV01", "Kent and Canterbury Hospital", "Kent and Canterbury Hospital"),
            ("RXH", "418", "RXHRS", "RXH01", "Royal Sussex County Hospital", "Royal Sussex County Hospital, Brighton")],
    "LDN": [("RJ1", "501", "RJ1TH", "RJ101", "St Thomas' Hospital", "St Thomas’ Hospital"),
            ("RYJ", "507", "RYJSM", "RYJ01", "St Mary's Hospital", "St Mary’s Hospital, Paddington"),
            ("RRV", "512", "RRVUC", "RRV01", "University College Hospital", "University College Hospital"),
            ("RJZ", "518", "RJZKC", "RJZ01", "King's College Hospital", "King’s College Hospital, Denmark Hill"),
            ("R1H", "523", "R1HRL", "R1H01", "The Royal London Hospital", "The Royal London Hospital")],
    "MER": [("REM", "601", "REMAA", "REM01", "Aintree University Hospital", "Aintree University Hospital"),
            ("RBL", "606", "RBLAP", "RBL01", "Arrowe Park Hospital", "Arrowe Park Hospital, Wirral"),
            ("RQ6", "611", "RQ6RL", "RQ601", "Royal Liverpool University Hospital", "Royal Liverpool University Hospital")],
    "NTH": [("RTD", "512", "RTDRV", "RTD01", "Royal Victoria Infirmary", "Royal Victoria Infirmary"),
            ("RTD", "512", "RTDFR", "RTD02", "Freeman Hospital", "Freeman Hospital"),
            ("RTR", "521", "RTRJC", "RTR01", "James Cook University Hospital", "James Cook University Hospital")],
    "NWN": [("RM3", "701", "RM3SR", "RM301", "Salford Royal Hospital", "Salford Royal Hospital"),
            ("R0A", "705", "R0AMR", "R0A01", "Manchester Royal Infirmary", "Manchester Royal Infirmary"),
            ("RXL", "712", "RXLBV", "RXL01", "Blackpool Victoria Hospital", "Blackpool Victoria Hospital")],
    "OXF": [("RTH", "801", "RTHJR", "RTH01", "John Radcliffe Hospital", "John Radcliffe Hospital"),
            ("RHW", "806", "RHWRB", "RHW01", "Royal Berkshire Hospital", "Royal Berkshire Hospital"),
            ("RXQ", "811", "RXQSM", "RXQ01", "Stoke Mandeville Hospital", "Stoke Mandeville Hospital")],
    "PEN": [("RK9", "851", "RK9DH", "RK901", "Derriford Hospital", "Derriford Hospital"),
            ("RH8", "855", "RH8RD", "RH801", "Royal Devon and Exeter Hospital", "Royal Devon and Exeter Hospital"),
            ("REF", "859", "REFRC", "REF01", "Royal Cornwall Hospital", "Royal Cornwall Hospital, Treliske")],
    "SEV": [("RA7", "901", "RA7BR", "RA701", "Bristol Royal Infirmary", "Bristol Royal Infirmary"),
            ("RVJ", "905", "RVJSM", "RVJ01", "Southmead Hospital", "Southmead Hospital"),
            ("RTE", "909", "RTEGR", "RTE01", "Gloucestershire Royal Hospital", "Gloucestershire Royal Hospital")],
    "WES": [("RHM", "921", "RHMSG", "RHM01", "Southampton General Hospital", "Southampton General Hospital"),
            ("RHU", "925", "RHUQA", "RHU01", "Queen Alexandra Hospital", "Queen Alexandra Hospital, Cosham"),
            ("RDZ", "929", "RDZRB", "RDZ01", "Royal Bournemouth Hospital", "Royal Bournemouth Hospital")],
    "WMD": [("RRK", "941", "RRKQE", "RRK01", "Queen Elizabeth Hospital Birmingham", "Queen Elizabeth Hospital Birmingham"),
            ("RKB", "945", "RKBUC", "RKB01", "University Hospital Coventry", "University Hospital Coventry"),
            ("RL4", "949", "RL4NC", "RL401", "New Cross Hospital", "New Cross Hospital, Wolverhampton")],
    "YHD": [("RR8", "961", "RR8LG", "RR801", "Leeds General Infirmary", "Leeds General Infirmary"),
            ("RR8", "961", "RR8SJ", "RR802", "St James's University Hospital", "St James’s University Hospital"),
            ("RAE", "968", "RAEAG", "RAE01", "Airedale General Hospital", "Airedale General Hospital")],
}
TOWNS = {
    "EMD": [("Leicester", "Leicestershire", "LE", "0116"), ("Nottingham", "Nottinghamshire", "NG", "0115"), ("Derby", "Derbyshire", "DE", "01332")],
    "EOE": [("Cambridge", "Cambridgeshire", "CB", "01223"), ("Norwich", "Norfolk", "NR", "01603"), ("Peterborough", "Cambridgeshire", "PE", "01733")],
    "KSS": [("Redhill", "Surrey", "RH", "01737"), ("Canterbury", "Kent", "CT", "01227"), ("Brighton", "East Sussex", "BN", "01273")],
    "LDN": [("London", "Greater London", "SE", "020"), ("London", "Greater London", "NW", "020"), ("London", "Greater London", "E", "020")],
    "MER": [("Liverpool", "Merseyside", "L", "0151"), ("Birkenhead", "Merseyside", "CH", "0151")],
    "NTH": [("Newcastle upon Tyne", "Tyne and Wear", "NE", "0191"), ("Middlesbrough", "North Yorkshire", "TS", "01642")],
    "NWN": [("Manchester", "Greater Manchester", "M", "0161"), ("Salford", "Greater Manchester", "M", "0161"), ("Blackpool", "Lancashire", "FY", "01253")],
    "OXF": [("Oxford", "Oxfordshire", "OX", "01865"), ("Reading", "Berkshire", "RG", "0118"), ("Aylesbury", "Buckinghamshire", "HP", "01296")],
    "PEN": [("Plymouth", "Devon", "PL", "01752"), ("Exeter", "Devon", "EX", "01392"), ("Truro", "Cornwall", "TR", "01872")],
    "SEV": [("Bristol", "Bristol", "BS", "0117"), ("Gloucester", "Gloucestershire", "GL", "01452")],
    "WES": [("Southampton", "Hampshire", "SO", "023"), ("Portsmouth", "Hampshire", "PO", "023"), ("Bournemouth", "Dorset", "BH", "01202")],
    "WMD": [("Birmingham", "West Midlands", "B", "0121"), ("Coventry", "West Midlands", "CV", "024"), ("Wolverhampton", "West Midlands", "WV", "01902")],
    "YHD": [("Leeds", "West Yorkshire", "LS", "0113"), ("Sheffield", "South Yorkshire", "S", "0114"), ("Keighley", "West Yorkshire", "BD", "01535")],
}

# The kinds of post: (grade code in the NPN, specialty code, T_POR06 title, T_POS07 occupation,
# T_POS08 area of work, T_POS09 second specialty, T_POS14 payscale, T_POS15 grade description,
# TIS grades, NTN specialty). Each entry differs from the others in (grade code, specialty code).
POSTS = [
    ("FY1", "001", "Foundation Year 1 Doctor", "Foundation Year 1", "F1", "Foundation", "MS01", "Foundation Year 1", ["F1"], "FND"),
    ("FY2", "002", "Foundation Year 2 Doctor", "Foundation Year 2", "F2", "Foundation", "MS01", "Foundation Year 2", ["F2"], "FND"),
    ("CT", "300", "Core Trainee Medicine", "Core Trainee", "300", "General Medicine", "MC01", "Core Training CT2", ["CT1", "CT2"], "CMT"),
    ("CT", "100", "Core Trainee Surgery", "Core Trainee", "100", "General Surgery", "MC01", "Core Training CT1", ["CT1", "CT2"], "CST"),
    ("CT", "710", "Core Trainee Psychiatry", "Core Trainee", "710", "Psychiatry", "MC01", "Core Training CT3", ["CT1", "CT2", "CT3"], "PSY"),
    ("GPST", "800", "GP Specialty Registrar", "GP Registrar", "800", "General Practice", "MS02", "GP Registrar ST2", ["ST1", "ST2", "ST3"], "GP"),
    ("STR", "300", "Specialty Registrar Medicine", "Specialty Registrar", "300", "Acute Medicine", "MS03", "Specialty Registrar ST4", ["ST3", "ST4", "ST5"], "GIM"),
    ("STR", "100", "Specialty Registrar Surgery", "Specialty Registrar", "100", "General Surgery", "MS03", "Specialty Registrar ST3", ["ST3", "ST4", "ST5", "ST6"], "GS"),
    ("STR", "420", "Specialty Registrar Paediatrics", "Specialty Registrar", "420", "Paediatrics", "MS03", "Specialty Registrar ST5/ SpR5", ["ST1", "ST3", "ST5", "ST7"], "PAED"),
    ("STR", "501", "Specialty Registrar O&G", "Specialty Registrar", "501", "Obstetrics", "MS03", "Specialty Registrar ST3", ["ST2", "ST3", "ST5"], "OG"),
    ("STR", "180", "Specialty Registrar EM", "Specialty Registrar", "180", "Emergency Medicine", "MS03", "Specialty Registrar ST4/ SpR4", ["ST4", "ST5", "ST6"], "EM"),
    ("STR", "110", "Specialty Registrar T&O – Trauma", "Specialty Registrar (Surgery)", "110", "Orthopaedics", "MS03", "Specialty Registrar ST3", ["ST3", "ST4", "ST6", "ST8"], "TO"),
    ("STR", "320", "Specialty Registrar Cardiology", "Specialty Registrar", "320", "Cardiology", "MS03", "Specialty Registrar ST5", ["ST4", "ST5", "ST6"], "CARD"),
    ("STR", "430", "Specialty Registrar Geriatrics", "Specialty Registrar", "430", "Geriatric Medicine", "MS03", "Specialty Registrar ST4", ["ST3", "ST4", "ST5"], "GER"),
    ("STR", "810", "Specialty Registrar Radiology", "Specialty Registrar", "810", "Clinical Radiology", "MS03", "Specialty Registrar ST2", ["ST1", "ST2", "ST3"], "RAD"),
    ("STR", "340", "Specialty Registrar Respiratory", "Specialty Registrar", "340", "Respiratory", "MS03", "Specialty Registrar ST3", ["ST3", "ST4", "ST5"], "RESP"),
    ("STR", "600", "Specialty Registrar Anaesthetics", "Specialty Registrar", "600", "Anaesthetics", "MS03", "Specialty Registrar ST4", ["ST3", "ST4", "ST5", "ST6"], "ANA"),
    ("STR", "144", "Specialty Registrar OMFS", "Specialty Registrar (Surgery)", "144", "Maxillofacial", "MS03", "Specialty Registrar ST3", ["ST3", "ST4"], "OMFS"),
]
# ESR organisations (T_POR12) by specialty code: commas, doubled quotes, curly apostrophes, dashes.
ORGANISATIONS = {
    "001": ["Foundation Programme", "Medical Education"],
    "002": ["Foundation Programme", "Medical Education"],
    "300": ["Medicine", "Ward 21 \"AMU\""],
    "100": ["Surgery, Theatres and Critical Care", "Surgery"],
    "710": ["Mental Health", "Psychiatry, Community"],
    "800": ["Primary Care", "Lead Employer"],
    "420": ["Women’s and Children’s", "Children’s \"Rainbow\" Unit"],
    "501": ["Women’s and Children’s", "Maternity"],
    "180": ["Urgent Care", "Emergency Department"],
    "110": ["Surgery, Theatres and Critical Care", "Orthopaedics"],
    "320": ["Cardiac – Brontë Wing", "Medicine"],
    "430": ["Older People", "Medicine"],
    "810": ["Clinical Support", "Imaging, Radiology"],
    "340": ["Respiratory", "Medicine"],
    "600": ["Critical Care", "Anaesthetics"],
    "144": ["Head and Neck", "Surgery"],
}

# People: (as written, ASCII for the e-mail). Mostly plain ASCII names; some with diacritics,
# apostrophes and hyphens; now and then Chinese or Arabic script, or a nickname in quotes.
SURNAMES = ["Smith", "Jones", "Patel", "Khan", "Williams", "Brown", "Taylor", "Davies", "Evans", "Wilson",
            "Thomas", "Roberts", "Johnson", "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes",
            "Edwards", "Green", "Hall", "Wood", "Harris", "Lewis", "Martin", "Jackson", "Clarke", "Clark",
            "Turner", "Hill", "Scott", "Cooper", "Morris", "Ward", "Moore", "King", "Watson", "Baker",
            "Harrison", "Morgan", "Ahmed", "Ali", "Hussain", "Shah", "Begum", "Singh", "Kaur", "Sharma",
            "Okafor", "Adeyemi", "Mensah", "Osei", "Chen", "Wong", "Nguyen", "Kowalski", "Murphy", "Kelly",
            "Farrow-Blake", "Pritchard-Evans", "Osei-Whitlock", "Fenwick-Achebe", "Venkataraman",
            "Sethuraman", "Hollinsworth", "Pennington", "McKechnie", "MacDonald", "Brathwaite"]
SURNAMES_SPECIAL = [("O'Donoghue", "odonoghue"), ("O'Brien", "obrien"), ("D'Souza", "dsouza"),
                    ("Łukasiewicz", "lukasiewicz"), ("Núñez", "nunez"), ("Pérez", "perez"),
                    ("Müller", "muller"), ("Brontë", "bronte"), ("Ó Briain", "obriain"),
                    ("Gonçalves", "goncalves"), ("Søndergaard", "sondergaard"), ("Dvořák", "dvorak"),
                    ("Wiśniewska", "wisniewska"), ("Ibáñez", "ibanez"), ("Çelik", "celik")]
SURNAMES_RARE = [("王", "wang"), ("李", "li"), ("陈", "chen"), ("الحسن", "alhassan"), ("عبد الله", "abdullah"),
                 ("Smith, Jr", "smith"), ("Jones, \"JJ\"", "jones")]
FORENAMES = ["James", "Oliver", "Thomas", "Harry", "Jack", "George", "William", "Daniel", "Samuel", "Joseph",
             "Mohammed", "Arjun", "Rahul", "Callum", "Gareth", "Fraser", "Amelia", "Olivia", "Emily", "Sophie",
             "Jessica", "Hannah", "Charlotte", "Eleanor", "Imogen", "Katherine", "Priyanka", "Aisha", "Fatima",
             "Grace", "Ifeoma", "Chloe", "Lucy", "Megan", "Rebecca", "Laura", "Sarah", "Niamh", "Martha", "Ruth"]
FORENAMES_SPECIAL = [("Zoë", "zoe"), ("Siân", "sian"), ("Róisín", "roisin"), ("José", "jose"),
                     ("Łucja", "lucja"), ("Iñaki", "inaki"), ("Renée", "renee"), ("Anaïs", "anais"),
                     ("Søren", "soren"), ("Małgorzata", "malgorzata"), ("Zoé", "zoe")]
FORENAMES_RARE = [("明", "ming"), ("伟", "wei"), ("محمد", "mohammed"), ("فاطمة", "fatima"),
                  ("Joanna \"Jo\"", "joanna"), ("Robert \"Bob\"", "robert")]
TITLES = ["Dr"] * 18 + ["Mr", "Miss", "Ms", "Mrs"]
STREETS = ["Regent Road", "Larkspur Close", "Mill Lane", "Bramble Way", "Orchard Rise", "Station Road",
           "Castle Boulevard", "Lenton Avenue", "Knighton Drive", "Church Street", "Harbour View",
           "Chesterfield Road", "Kedleston Road", "Friar Gate", "Reigate Hill", "Dover Street", "High Street",
           "Victoria Road", "Queen’s Drive", "St John's Terrace", "The Crescent", "Park Avenue"]
LOCALITIES = ["Clarendon Park", "Oadby", "Market Bosworth", "West End", "Old Town", "Riverside", "Hillside",
              "Northfield", "Southgate", "Eastfield"]
BUILDINGS = ["The Old Rectory", "Rose Cottage", "Mill House", "Ashdown Court", "Kingsley Mansions",
             "Riverside Apartments", "Orchard Lodge"]
ETHNIC = ["A", "A", "A", "B", "C", "H", "J", "K", "L", "M", "N", "R", "S", "Z"]
NATIONALITY = ["British"] * 6 + ["Irish", "Indian", "Pakistani", "Nigerian", "Polish", "Chinese", "Egyptian",
                                 "Italian", "Spanish", "Greek", "Sudanese"]
BIRTH_COUNTRY = {"British": "United Kingdom", "Irish": "Ireland", "Indian": "India", "Pakistani": "Pakistan",
                 "Nigerian": "Nigeria", "Polish": "Poland", "Chinese": "China", "Egyptian": "Egypt",
                 "Italian": "Italy", "Spanish": "Spain", "Greek": "Greece", "Sudanese": "Sudan"}
ORIENTATION = ["Heterosexual or Straight"] * 5 + ["Gay or Lesbian", "Bisexual", "Not stated", "Other"]
RELIGION = ["Christianity", "Christianity", "Atheism", "Islam", "Hinduism", "Sikhism", "Judaism", "Buddhism",
            "Not stated", "Other"]
DISABILITY = ["No", "No", "No", "Not Declared", "Yes"]
MARITAL = ["Single", "Single", "Married", "Married", "Civil Partnership", "Divorced", "Unknown"]
ELIGIBLE_TYPES = ["In Post"] * 12 + ["in post", "IN POST", "In post - Extension", "In Post - Acting Up",
                                     "Parental Leave", "Long-term sick", "Phased Return"]
WTES = ["1"] * 8 + ["0.8", "0.6", "0.5"]

PLACEMENT_COLUMNS = [
    "placement_id", "npn", "placement_type", "lifecycle", "start_date", "end_date", "wte", "grade",
    "site_code", "site_name", "person_id", "gmc_number", "gmc_expiry_date", "gdc_number",
    "gdc_expiry_date", "title", "surname", "forenames", "legal_surname", "legal_forenames",
    "middle_names", "previous_surname", "gender", "date_of_birth", "email", "address1", "address2",
    "address3", "town", "county", "postcode", "country", "home_tel", "mobile_tel", "ni_number", "ntn",
    "ethnic_origin", "nationality", "sexual_orientation", "religious_belief", "disability",
    "marital_status", "country_of_birth"]
POST_COLUMNS = ["npn", "status", "local_office"]

ROTATION = ("2026-12-02", "2027-08-03")  # inside the applicant window of 2026-11-23 and -24


def office_index(office):
    return OFFICES.index(office) if office in OFFICES else len(OFFICES)


def position_id(office, i):
    return 90000001 + office_index(office) * 10_000_000 + i


def position_number(office, i):
    return 41000000 + office_index(office) * 10_000_000 + i


def office_layout(office):
    """The (site, post kind) pairs of an office; position i is pair i % len, serial i // len + 1."""
    sites = SITES.get(office, SITES["EMD"])
    return [(site, kind) for kind in POSTS for site in sites]


def position(office, layout, i):
    """(site, kind, deanery number) of position i of the office: arithmetic, no randomness, so that
    the RMF and the extract agree."""
    site, kind = layout[i % len(layout)]
    npn = f"{office}/{site[2]}/{kind[1]}/{kind[0]}/{i // len(layout) + 1:03d}"
    return site, kind, npn


def q(text):
    """An X field as esrd writes it: quoted, a quote inside written twice."""
    return '"' + text.replace('"', '""') + '"'


def rmf_lines(office, positions, rng, records=None):
    """Yields the RMF's lines (CRLF included): a POR then a POS per position, `records` lines in
    all (default 2 per position)."""
    layout = office_layout(office)
    records = 2 * positions if records is None else records
    for r in range(records):
        i = r // 2
        site, kind, npn = position(office, layout, i)
        pid, number = position_id(office, i), position_number(office, i)
        if r % 2 == 0:
            employer = "Lead Employer" if kind[0] == "GPST" and rng.random() < 0.5 else "Host Employer"
            organisation = rng.choice(ORGANISATIONS[kind[1]])
            yield (f'"POR",{pid},,"C",{number},{q(kind[2])},"{npn}","{office}","{employer}","{site[0]}",'
                   f'"{site[1]}",{q(organisation)},{q(site[5])}\r\n')
        else:
            staff_group = "Medical and Dental\\" if rng.random() < 0.002 else "Medical and Dental"
            workplace = f'"{site[3]}"' if rng.random() < 0.1 else ""
            yield (f'"POS",{pid},,"C",{number},"{staff_group}",{q(kind[3])},"{kind[4]}",{q(kind[5])},'
                   f'"{npn}","{office}","{site[0]}","NHS","{kind[6]}",{q(kind[7])},{workplace}\r\n')


def write_rmf(out_dir, office, records, seq=1, date="20261123", seed=16):
    """Writes DE_<office>_RMF_<date>_<seq>.DAT; returns (path, records, bytes)."""
    path = os.path.join(out_dir, f"DE_{office}_RMF_{date}_{seq:08d}.DAT")
    rng = random.Random(f"{seed}/rmf/{office}")
    size = 0
    with open(path, "wb") as f:
        chunk = []
        for line in rmf_lines(office, (records + 1) // 2, rng, records):
            chunk.append(line)
            if len(chunk) >= 4096:
                data = "".join(chunk).encode("utf-8")
                size += len(data)
                f.write(data)
                chunk.clear()
        data = "".join(chunk).encode("utf-8")
        size += len(data)
        f.write(data)
    return path, records, size


def post_rows(office, positions, status="CURRENT"):
    layout = office_layout(office)
    for i in range(positions):
        yield [position(office, layout, i)[2], status, office]


def _name(rng, plain, special, rare):
    """(name, ASCII form): about one in twenty with diacritics or an apostrophe, one in a hundred
    in Chinese or Arabic script, with a comma or with a nickname in quotes."""
    x = rng.random()
    if x < 0.01:
        return rng.choice(rare)
    if x < 0.06:
        return rng.choice(special)
    name = rng.choice(plain)
    return name, name.lower()


def person(rng, office, serial):
    """The personal columns of one trainee (a dict) numbered `serial` nationally."""
    surname, surname_ascii = _name(rng, SURNAMES, SURNAMES_SPECIAL, SURNAMES_RARE)
    forenames, forenames_ascii = _name(rng, FORENAMES, FORENAMES_SPECIAL, FORENAMES_RARE)
    middle, _ = _name(rng, FORENAMES, FORENAMES_SPECIAL, FORENAMES_RARE)
    previous, _ = _name(rng, SURNAMES, SURNAMES_SPECIAL, SURNAMES_RARE)
    legal_surname, legal_forenames = surname, forenames
    if rng.random() < 0.15:  # a legal name that differs from the usual one
        legal_surname = rng.choice(SURNAMES)
        legal_forenames = forenames.split(" ")[0] + " " + rng.choice(FORENAMES)
    gender = "F" if rng.random() < 0.55 else ("M" if rng.random() < 0.98 else "U")
    town, county, area, phone = rng.choice(TOWNS.get(office, TOWNS["EMD"]))
    number = rng.randint(1, 180)
    street = rng.choice(STREETS)
    roll = rng.random()
    if roll < 0.3:
        address1 = f"Flat {rng.randint(1, 40)}, {number} {street}"
    elif roll < 0.4:
        address1 = f"{rng.choice(BUILDINGS)}, {street}"
    else:
        address1 = f"{number} {street}"
    postcode = f"{area}{rng.randint(1, 28)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    gmc = f"{6000000 + (serial * 7919) % 3999999:07d}"
    nationality = rng.choice(NATIONALITY)
    local = f"{forenames_ascii}.{surname_ascii}".replace(" ", "").replace("'", "").replace(",", "")
    email = f"{local[:36]}{serial % 1000}@example.nhs.uk"
    ni = f"JZ{serial % 1000000:06d}{'ABCD'[serial % 4]}"
    if rng.random() < 0.1:
        ni = f"{ni[0:2]} {ni[2:4]} {ni[4:6]} {ni[6:8]} {ni[8]}"  # as some extracts write it
    dental = rng.random() < 0.05
    return {
        "person_id": str(800000001 + serial),
        "gmc_number": gmc,
        "gmc_expiry_date": f"{rng.randint(2027, 2029)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "gdc_number": f"{(serial * 104729) % 900000 + 100000}" if dental else "",
        "gdc_expiry_date": f"{rng.randint(2027, 2029)}-{rng.randint(1, 12):02d}-28" if dental else "",
        "title": rng.choice(TITLES),
        "surname": surname,
        "forenames": forenames,
        "legal_surname": legal_surname,
        "legal_forenames": legal_forenames,
        "middle_names": middle,
        "previous_surname": previous,
        "gender": gender,
        "date_of_birth": f"{rng.randint(1985, 2001)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "email": email,
        "address1": address1,
        "address2": rng.choice(LOCALITIES),
        "address3": f"{rng.choice(LOCALITIES)} Estate",
        "town": town,
        "county": county,
        "postcode": postcode,
        "country": "GB",
        "home_tel": f"{phone} 496 0{serial % 1000:03d}",
        "mobile_tel": f"07700 900{serial % 1000:03d}",
        "ni_number": ni,
        "ethnic_origin": rng.choice(ETHNIC),
        "nationality": nationality,
        "sexual_orientation": rng.choice(ORIENTATION),
        "religious_belief": rng.choice(RELIGION),
        "disability": rng.choice(DISABILITY),
        "marital_status": rng.choice(MARITAL),
        "country_of_birth": BIRTH_COUNTRY[nationality] if rng.random() < 0.9 else "United Kingdom",
    }


def placement_rng(seed, office, serial):
    """The random choices of one placement: the same placement gets the same values in every
    extract made with the same seed, whatever else the extract holds."""
    return random.Random(seed * 1_000_000_007 + office_index(office) * 100_000_000 + serial)


def placement_row(seed, office, layout, i, serial, start=ROTATION[0], end=ROTATION[1],
                  placement_type=None, lifecycle="APPROVED", wte=None):
    """One placements row on position i's post; `serial` numbers the placement (and its person)
    uniquely within the office."""
    rng = placement_rng(seed, office, serial)
    site, kind, npn = position(office, layout, i)
    k = office_index(office)
    row = person(rng, office, k * 10_000_000 + serial)
    row["ntn"] = f"{office}/{kind[9]}/{row['gmc_number']}/{'CDN'[serial % 3]}"
    row.update({
        "placement_id": str(70000001 + k * 10_000_000 + serial),
        "npn": npn,
        "placement_type": placement_type or rng.choice(ELIGIBLE_TYPES),
        "lifecycle": lifecycle,
        "start_date": start,
        "end_date": end,
        "wte": wte or rng.choice(WTES),
        "grade": rng.choice(kind[8]),
        "site_code": site[3],
        "site_name": site[4],
    })
    return [row[c] for c in PLACEMENT_COLUMNS]


def write_csv(path, header, rows):
    """RFC 4180, UTF-8, LF, a header row; returns the number of rows."""
    n = 0
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for row in rows:
            w.writerow(row)
            n += 1
    return n


def rmf(out_dir, records, office="EMD", seq=1, date="20261123", seed=16):
    path, n, size = write_rmf(out_dir, office, records, seq, date, seed)
    print(f"gen_day.py: {path}: {n} records, {size} bytes, {size / max(n, 1):.1f} bytes/record",
          file=sys.stderr)
    print(path)


def extract(out_dir, positions, per_post, office="EMD", date="20261123", seed=16):
    posts = os.path.join(out_dir, f"posts_{date}.csv")
    write_csv(posts, POST_COLUMNS, post_rows(office, positions))
    layout = office_layout(office)

    def rows():
        serial = 0
        for i in range(positions):
            for _ in range(per_post):
                yield placement_row(seed, office, layout, i, serial)
                serial += 1

    placements = os.path.join(out_dir, f"placements_{date}.csv")
    n = write_csv(placements, PLACEMENT_COLUMNS, rows())
    print(f"gen_day.py: {placements}: {n} placements, {os.path.getsize(placements)} bytes, "
          f"{os.path.getsize(placements) / max(n, 1):.1f} bytes/row", file=sys.stderr)
    print(posts)
    print(placements)


def main(argv):
    args, options = [], {"office": "EMD", "date": "20261123", "seq": "1", "seed": "16"}
    i = 0
    while i < len(argv):
        if argv[i].startswith("--") and argv[i][2:] in options and i + 1 < len(argv):
            options[argv[i][2:]] = argv[i + 1]
            i += 2
        else:
            args.append(argv[i])
            i += 1
    office, date, seed = options["office"], options["date"], int(options["seed"])
    if len(args) >= 3 and args[0] == "rmf":
        rmf(args[1], int(args[2]), office, int(options["seq"]), date, seed)
    elif len(args) >= 4 and args[0] == "extract":
        extract(args[1], int(args[2]), int(args[3]), office, date, seed)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
