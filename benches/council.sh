#!/usr/bin/env bash
# Benchmark (not a test): importing a national result of the municipal
# elections. A synthetic EML_NL 520 file for each of the 342 municipalities
# (CBS list 2026; 8 to 14 lists each, up to 30 candidates per list, 9 to 45
# seats, all elected names), zipped as the Kiesraad hands it out, then
# `coop data importeer kiesraad` (wall time, peak memory), once into an
# empty data dir and once as a re-import over it.
# Usage: bash benches/council.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cargo build --release --quiet
bin=$PWD/target/release/coop
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work/eml" data/municipalities.csv <<'PY'
import csv, os, random, sys
out, cbs = sys.argv[1], sys.argv[2]
os.makedirs(out)
random.seed(2026)
lists = ["VVD", "CDA", "D66", "GROENLINKS / Partij van de Arbeid (PvdA)", "SP",
         "ChristenUnie", "SGP", "Partij voor de Dieren", "JA21", "BBB", "Volt",
         "50PLUS", "DENK", "Leefbaar", "Gemeentebelangen", "Lokaal Sterk", ""]
names = ["Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer",
         "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks"]
with open(cbs, encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
for row in rows:
    code, name = row["code"], row["naam"]
    seats = random.choice([9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 33, 35, 37, 39, 45])
    n = random.randint(8, 14)
    chosen = random.sample(lists, n)
    weights = [random.random() ** 2 for _ in chosen]
    total = sum(weights)
    alloc = [int(seats * w / total) for w in weights]
    while sum(alloc) < seats:
        alloc[random.randrange(n)] += 1
    sel = []
    for i, (party, s) in enumerate(zip(chosen, alloc), 1):
        pname = party if party not in ("Leefbaar", "Gemeentebelangen", "Lokaal Sterk") else f"{party} {name}"
        sel.append(f'<Selection><AffiliationIdentifier Id="{i}"><RegisteredName>{pname}</RegisteredName></AffiliationIdentifier><Elected>{"yes" if s else "no"}</Elected></Selection>')
        for c in range(1, random.randint(max(s, 5), 30) + 1):
            last = names[(i * 7 + c) % len(names)]
            prefix, _, rest = last.rpartition(" ")
            pn = f"<xnl:NamePrefix>{prefix}</xnl:NamePrefix>" if prefix else ""
            sel.append(
                f'<Selection><Candidate><CandidateIdentifier Id="{c}"/><CandidateFullName><xnl:PersonName>'
                f'<xnl:NameLine NameType="Initials">{chr(65 + c % 26)}.</xnl:NameLine><xnl:FirstName>Kandidaat{c}</xnl:FirstName>{pn}'
                f'<xnl:LastName>{rest or last}</xnl:LastName></xnl:PersonName></CandidateFullName><Gender>female</Gender>'
                f'<QualifyingAddress><xal:Locality><xal:LocalityName>{name}</xal:LocalityName></xal:Locality></QualifyingAddress>'
                f'</Candidate><Ranking>{c}</Ranking><Elected>{"yes" if c <= s else "no"}</Elected></Selection>')
    digits = code[2:]
    with open(os.path.join(out, f"Resultaat_GR2026_{digits}.eml.xml"), "w", encoding="utf-8") as f:
        f.write(f'''<?xml version="1.0" encoding="UTF-8"?>
<EML xmlns="urn:oasis:names:tc:evs:schema:eml" xmlns:kr="http://www.kiesraad.nl/extensions" xmlns:xal="urn:oasis:names:tc:ciq:xsdschema:xAL:2.0" xmlns:xnl="urn:oasis:names:tc:ciq:xsdschema:xNL:2.0" Id="520" SchemaVersion="5">
<TransactionId>1</TransactionId><ManagingAuthority><AuthorityIdentifier Id="CSB">{name}</AuthorityIdentifier><AuthorityAddress/></ManagingAuthority>
<kr:CreationDateTime>2026-03-23T12:00:00.000</kr:CreationDateTime>
<Result><Election><ElectionIdentifier Id="GR2026_{digits}"><ElectionName>Gemeenteraad {name} 2026</ElectionName><ElectionCategory>GR</ElectionCategory><kr:ElectionSubcategory>GR2</kr:ElectionSubcategory><kr:ElectionDomain Id="{digits}">{name}</kr:ElectionDomain><kr:ElectionDate>2026-03-18</kr:ElectionDate></ElectionIdentifier>
<Contest><ContestIdentifier Id="geen"/>{"".join(sel)}</Contest></Election></Result></EML>
''')
PY
(cd "$work/eml" && zip -qr ../uitslag_GR2026.zip .)
echo "Invoer: $(ls "$work/eml" | wc -l) EML-bestanden, $(du -sm "$work/eml" | cut -f1) MB uitgepakt, zip $(du -k "$work/uitslag_GR2026.zip" | cut -f1) kB"

measure() {
  local label=$1
  shift
  local best_s=999 peak=0
  for _ in $(seq "$runs"); do
    case $label in coop*) ;; *) rm -rf "$work/data" ;; esac
    [ "$label" = "herimport" ] && "$bin" data importeer kiesraad "$work/uitslag_GR2026.zip" --out "$work/data" >/dev/null 2>&1
    /usr/bin/time -o "$work/time" -f "%e %M" "$@" >/dev/null 2>&1
    local line
    line=$(tail -1 "$work/time")
    local s=${line% *} kb=${line#* }
    best_s=$(awk -v a="$s" -v b="$best_s" 'BEGIN { print (a < b) ? a : b }')
    peak=$(( kb > peak ? kb : peak ))
  done
  printf "%-22s beste tijd %5.2f s   piekgeheugen %5.1f MB\n" "$label" "$best_s" "$(awk -v k="$peak" 'BEGIN { print k / 1024 }')"
}
measure "zip, lege datamap" "$bin" data importeer kiesraad "$work/uitslag_GR2026.zip" --out "$work/data"
measure "herimport" "$bin" data importeer kiesraad "$work/uitslag_GR2026.zip" --out "$work/data"
measure "342 losse bestanden" sh -c "\"$bin\" data importeer kiesraad \"$work\"/eml/*.xml --out \"$work/data\""
# What every later command pays for the imported overlay (Kb::load reads it).
rm -rf "$work/data"
"$bin" data importeer kiesraad "$work/uitslag_GR2026.zip" --out "$work/data" >/dev/null 2>&1
echo "council_results.yaml: $(du -k "$work/data/council_results.yaml" | cut -f1) kB"
measure "coop raad (na import)" "$bin" --data "$work/data" raad --gemeente Utrecht
measure "coop raad (zonder)" "$bin" raad --gemeente Utrecht

# The organisations register: 342 municipalities, each with a griffie and
# 40 other departments, padded with 3,000 other organisations.
python3 - "$work/exportOO.xml" data/municipalities.csv <<'PY'
import csv, sys
out, cbs = sys.argv[1], sys.argv[2]
with open(cbs, encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
def org(name, typ, extra="", children=""):
    return (f'<p:organisatie p:systeemId="1"{extra}><p:naam>{name}</p:naam><p:types><p:type>{typ}</p:type></p:types>'
            f'<p:adressen><p:adres><p:adresType>Bezoekadres</p:adresType><p:openbareRuimte>Plein</p:openbareRuimte><p:huisnummer>1</p:huisnummer><p:postcode>1000 AB</p:postcode><p:woonplaats>Plaats</p:woonplaats></p:adres>'
            f'<p:adres><p:adresType>Postadres</p:adresType><p:postbus>100</p:postbus><p:postcode>1000 AA</p:postcode><p:woonplaats>Plaats</p:woonplaats></p:adres></p:adressen>'
            f'<p:contact><p:emailadressen><p:emailadres><p:email>info@example.org</p:email><p:label>algemeen</p:label></p:emailadres></p:emailadressen></p:contact>'
            f'{children}</p:organisatie>')
with open(out, "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?><p:overheidsorganisaties xmlns:p="https://organisaties.overheid.nl/static/schema/oo/export/2.6.9"><p:organisaties>')
    for r in rows:
        kids = org("Griffie", "Organisatieonderdeel") + "".join(org(f"Afdeling {i}", "Organisatieonderdeel") for i in range(40))
        code = r["code"].lower()
        ids = f'<p:identificatiecodes><p:resourceIdentifier p:naam="Organisatiecode">{code}</p:resourceIdentifier></p:identificatiecodes>'
        f.write(org("Gemeente " + r["naam"], "Gemeente", f' p:resourceIdentifierTOOI="https://identifier.overheid.nl/tooi/id/gemeente/{code}"', ids + f"<p:organisaties>{kids}</p:organisaties>"))
    for i in range(3000):
        f.write(org(f"Organisatie {i}", "Zelfstandig bestuursorgaan"))
    f.write("</p:organisaties></p:overheidsorganisaties>")
PY
echo "exportOO.xml: $(du -m "$work/exportOO.xml" | cut -f1) MB"
measure "register (exportOO.xml)" "$bin" data importeer organisaties "$work/exportOO.xml" --out "$work/data"
