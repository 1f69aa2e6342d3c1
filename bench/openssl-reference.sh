#!/bin/sh
# The benchmark's OpenSSL baseline: makes the files of bench/reference.yaml (or
# bench/reference-rsa.yaml) with the OpenSSL 3 CLI, as a careful shell script would, using as few
# invocations as OpenSSL allows (OpenSSL 3's `req -x509 -CA` generates a key and issues its
# certificate in one process).
#
#   sh bench/openssl-reference.sh OUT_DIR [p256|rsa2048] [--pins]
#
# Writes into OUT_DIR: <name>.pem, <name>.key.pem (PKCS#8, mode 0600) and <name>.fullchain.pem for
# root, intermediate, server, client and dual, with the extensions of certgen's profiles;
# keystore.p12 and truststore.p12 (password changeit; OpenSSL 3 defaults: PBES2 AES-256-CBC,
# PBKDF2-HMAC-SHA256 and an HMAC-SHA256 MAC, 2048 iterations, as certgen writes); trust.pem.
#
# Where the OpenSSL CLI cannot do what certgen does, the script does the nearest thing:
# - `openssl pkcs12 -export` takes one private key, so the two key entries of certgen's
#   keystore.p12 become keystore.p12 (server) and keystore-client.p12 (client): one more MAC.
# - OpenSSL 3.0 cannot write Java's trusted-certificate attribute (`-jdktrust` is 3.2+), so
#   truststore.p12 is a plain certificate-only PKCS#12.
# - notBefore is "now" (OpenSSL 3.0's req has no -not_before).
# - pins.json only with --pins: one more OpenSSL process per certificate (subject, issuer, serial,
#   dates and SPKI in one `x509` call) plus coreutils for the digests. Without it this script does
#   less than certgen, which always writes pins.json.
set -eu
out=${1:?usage: openssl-reference.sh OUT_DIR [p256|rsa2048] [--pins]}
alg=${2:-p256}
pins=${3:-}
case "$alg" in
  p256) newkey="-newkey ec -pkeyopt ec_paramgen_curve:P-256"; leafku="digitalSignature" ;;
  rsa2048) newkey="-newkey rsa:2048"; leafku="digitalSignature, keyEncipherment" ;;
  *) echo "unknown key type $alg (p256 or rsa2048)" >&2; exit 2 ;;
esac
mkdir -p "$out"
cd "$out"
umask 077

cat > openssl.cnf <<CNF
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ root ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, digitalSignature, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ intermediate ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, digitalSignature, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ server ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, $leafku
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ client ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ dual ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, $leafku
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
CNF

# issue NAME SUBJECT DAYS [ISSUER]: a new key and its certificate, in one process.
issue() {
  if [ -n "${4:-}" ]; then ca="-CA $4.pem -CAkey $4.key.pem"; else ca=""; fi
  # shellcheck disable=SC2086
  openssl req -x509 -config openssl.cnf $newkey -noenc -keyout "$1.key.pem" -out "$1.pem" \
    -subj "$2" -days "$3" -sha256 -extensions "$1" $ca 2>/dev/null
}
issue root "/O=certgen/CN=certgen Test Root" 3650
issue intermediate "/O=certgen/CN=certgen Test Intermediate" 1825 root
issue server "/CN=localhost" 397 intermediate
issue client "/CN=client" 397 intermediate
issue dual "/CN=dual" 397 intermediate

umask 022
chmod 644 root.pem intermediate.pem server.pem client.pem dual.pem
cp root.pem root.fullchain.pem
cp intermediate.pem intermediate.fullchain.pem
for leaf in server client dual; do cat "$leaf.pem" intermediate.pem > "$leaf.fullchain.pem"; done
cat intermediate.pem root.pem > chain.pem

umask 077
openssl pkcs12 -export -name server -inkey server.key.pem -in server.pem -certfile chain.pem \
  -passout pass:changeit -out keystore.p12
openssl pkcs12 -export -name client -inkey client.key.pem -in client.pem -certfile chain.pem \
  -passout pass:changeit -out keystore-client.p12
umask 022
openssl pkcs12 -export -nokeys -name root -in root.pem -passout pass:changeit -out truststore.p12
cp root.pem trust.pem
rm -f chain.pem openssl.cnf

[ "$pins" = "--pins" ] || exit 0
# pins.json, the fields of certgen.pins/v1 that come from the certificates.
der_of() { sed -e '/-----/d' "$1" | base64 -d; }
entry() { # NAME ROLE ISSUER EKU SAN
  info=$(openssl x509 -in "$1.pem" -noout -pubkey -serial -subject -issuer -startdate -enddate -nameopt RFC2253)
  spki_bin=$(printf '%s\n' "$info" | sed -n '/BEGIN PUBLIC KEY/,/END PUBLIC KEY/p' | sed -e '/-----/d' | base64 -d | sha256sum | cut -d' ' -f1)
  field() { printf '%s\n' "$info" | sed -n "s/^$1=//p"; }
  iso() { date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ; }
  printf '    "%s": {"role": "%s", "issuer": "%s", "subject": "%s", "issuerSubject": "%s", "serialNumber": "%s", "notBefore": "%s", "notAfter": "%s", "extKeyUsage": [%s], "subjectAltNames": [%s], "spkiSha256": "%s", "spkiSha256Hex": "%s", "certSha256": "%s", "certSha1": "%s", "files": {"cert": "%s.pem", "key": "%s.key.pem", "fullchain": "%s.fullchain.pem"}}' \
    "$1" "$2" "$3" "$(field subject)" "$(field issuer)" "$(field serial | tr A-F a-f)" "$(iso "$(field notBefore)")" "$(iso "$(field notAfter)")" "$4" "$5" \
    "$(printf '%s' "$spki_bin" | sed 's/../\\x&/g' | xargs -0 printf | base64)" "$spki_bin" \
    "$(der_of "$1.pem" | sha256sum | cut -d' ' -f1)" "$(der_of "$1.pem" | sha1sum | cut -d' ' -f1)" "$1" "$1" "$1"
}
san='"DNS:localhost", "IP:127.0.0.1", "IP:::1"'
{
  printf '{\n  "schema": "certgen.pins/v1",\n  "set": "reference",\n  "certificates": {\n'
  entry root root root '' ''; printf ',\n'
  entry intermediate intermediate root '' ''; printf ',\n'
  entry server leaf intermediate '"serverAuth"' "$san"; printf ',\n'
  entry client leaf intermediate '"clientAuth"' ''; printf ',\n'
  entry dual leaf intermediate '"serverAuth", "clientAuth"' "$san"; printf '\n'
  printf '  }\n}\n'
} > pins.json
