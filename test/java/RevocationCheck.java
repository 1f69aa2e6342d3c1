import java.io.FileInputStream;
import java.io.InputStream;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Java 17's PKIX validation with revocation checking on, against certgen serve's live responder
 * and CRL distribution points. Which one Java asks is set the way applications set it:
 *   OCSP:  -Djava.security.properties=FILE with `ocsp.enable=true` (a Security property);
 *   CRLDP: -Dcom.sun.security.enableCRLDP=true (a system property), OCSP left off.
 * Java fetches the URLs the certificates carry (their AIA OCSP and CRL distribution points).
 *
 * Usage: java RevocationCheck path ROOT.pem CERT.pem [CERT.pem ...]   CertPathValidator on the path (leaf first)
 *        java RevocationCheck tls ROOT.pem PORT                        a JSSE handshake with 127.0.0.1:PORT, through a
 *                                                                      PKIX TrustManagerFactory given the same parameters
 * Prints `ACCEPTED`, or `REFUSED <reason> <message>` with CertPathValidatorException's reason
 * (REVOKED, UNDETERMINED_REVOCATION_STATUS, ...).
 */
public class RevocationCheck extends JsseSupport {
  public static void main(String[] args) throws Exception {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    X509Certificate root = read(cf, args[1]);
    try {
      if (args[0].equals("tls")) handshake(root, Integer.parseInt(args[2]));
      else validate(cf, root, args);
      System.out.println("ACCEPTED");
    } catch (CertPathValidatorException e) {
      System.out.println("REFUSED " + e.getReason() + " " + e.getMessage());
    }
  }

  static void validate(CertificateFactory cf, X509Certificate root, String[] args) throws Exception {
    List<X509Certificate> path = new ArrayList<>();
    for (int i = 2; i < args.length; i++) path.add(read(cf, args[i]));
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    params.setRevocationEnabled(true);
    CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(path), params);
  }

  /** What a JSSE client with revocation checking does: the refusal's cause is the validator's exception. */
  static void handshake(X509Certificate root, int port) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("root", root);
    PKIXBuilderParameters params = new PKIXBuilderParameters(trust, new X509CertSelector());
    params.setRevocationEnabled(true);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(new CertPathTrustManagerParameters(params));
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.startHandshake();
    } catch (SSLHandshakeException e) {
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof CertPathValidatorException) throw (CertPathValidatorException) c;
      }
      throw e;
    }
  }

  static X509Certificate read(CertificateFactory cf, String file) throws Exception {
    try (InputStream in = new FileInputStream(file)) {
      return (X509Certificate) cf.generateCertificate(in);
    }
  }
}
