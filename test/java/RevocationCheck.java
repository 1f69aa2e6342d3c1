import java.io.FileInputStream;
import java.io.InputStream;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Java 17's PKIX validation with revocation checking on, as a TLS client's trust manager runs it,
 * against certgen serve's live responder and CRL distribution points. Which one Java asks is set
 * the way applications set it:
 *   OCSP:  -Djava.security.properties=FILE with `ocsp.enable=true` (a Security property);
 *   CRLDP: -Dcom.sun.security.enableCRLDP=true (a system property), OCSP left off.
 * Java fetches the URLs the certificates carry (their AIA OCSP and CRL distribution points).
 *
 * Usage: java RevocationCheck ROOT.pem CERT.pem [CERT.pem ...]   (the path, leaf first)
 * Prints `ACCEPTED`, or `REFUSED <reason> <message>` with CertPathValidatorException's reason
 * (REVOKED, UNDETERMINED_REVOCATION_STATUS, ...).
 */
public class RevocationCheck extends JsseSupport {
  public static void main(String[] args) throws Exception {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    X509Certificate root = read(cf, args[0]);
    List<X509Certificate> path = new ArrayList<>();
    for (int i = 1; i < args.length; i++) path.add(read(cf, args[i]));
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    params.setRevocationEnabled(true);
    try {
      CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(path), params);
      System.out.println("ACCEPTED");
    } catch (CertPathValidatorException e) {
      System.out.println("REFUSED " + e.getReason() + " " + e.getMessage());
    }
  }

  static X509Certificate read(CertificateFactory cf, String file) throws Exception {
    try (InputStream in = new FileInputStream(file)) {
      return (X509Certificate) cf.generateCertificate(in);
    }
  }
}
