import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * netty issue 14419 with plain JSSE (what netty's JDK provider runs) on loopback, with certgen's
 * templates/client-pinning.yaml: a server wants to accept exactly one client certificate, "test"
 * (EKU clientAuth only, issued by "ca").
 *
 * Compile with test/java/JsseSupport.java. Usage: java Netty14419 FIXTURE_DIR [PROTOCOL]
 *   (PROTOCOL: TLSv1.3 default, or TLSv1.2)
 * Key managers use KeyManagerFactory.getDefaultAlgorithm() (SunX509 on Java 17, as in netty).
 *
 * Prints one JSON object a line per scenario: what the server asked for (the acceptable CA names
 * of its CertificateRequest, as the client's key manager received them), the alias the client's
 * key manager chose (null: an empty chain is sent), what each side was shown and its verdict, and
 * both ends' outcome.
 */
public final class Netty14419 extends JsseSupport {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String protocol = args.length > 1 ? args[1] : "TLSv1.3";
    String pin = PinningTrustManager.readPin(dir.resolve("pins.json"), "test");
    emit(obj("event", "jvm", "javaVersion", System.getProperty("java.version"), "vendor", System.getProperty("java.vendor"),
        "keyManager", KeyManagerFactory.getDefaultAlgorithm(), "protocol", protocol, "pinnedCertSha256", pin));

    // 1.1 Mutual TLS. Client: key test (+ its chain to ca). Server: its own "server" certificate,
    //     trust anchor = the client LEAF "test". The CertificateRequest therefore names CN=test as
    //     the only acceptable CA; the client's key manager looks for a certificate issued by
    //     CN=test, finds none, and sends an empty Certificate message. Expected: the server refuses
    //     ("Empty client certificate chain"), the client gets a bad_certificate alert.
    scenario("1.1", protocol, true,
        keyStore(dir, "server.p12"), trustStore(dir, "trust-test.p12"), null,
        keyStore(dir, "test.p12"), trustStore(dir, "trust-ca.p12"));
    // 1.2 Mutual TLS, server trust anchor = the CA. Expected: works; the client sends test.
    scenario("1.2", protocol, true,
        keyStore(dir, "server.p12"), trustStore(dir, "trust-ca.p12"), null,
        keyStore(dir, "test.p12"), trustStore(dir, "trust-ca.p12"));
    // 1.2 again with ANOTHER client of the same CA: also accepted. This is why 1.2 is no pinning.
    scenario("1.2-other", protocol, true,
        keyStore(dir, "server.p12"), trustStore(dir, "trust-ca.p12"), null,
        keyStore(dir, "other.p12"), trustStore(dir, "trust-ca.p12"));
    // 2.1 One-way TLS with test as the SERVER certificate; the client's trust anchor is the leaf
    //     test itself. Expected: works (Java validates nothing beyond "the leaf is a trust anchor":
    //     no EKU check for a chain that is only an anchor). No hostname check, as netty's default
    //     client context at the time: test has no SAN.
    scenario("2.1", protocol, false,
        keyStore(dir, "test.p12"), null, null,
        null, trustStore(dir, "trust-test.p12"));
    // 2.2 One-way TLS with test as the server certificate; the client trusts the CA. The path
    //     test -> ca is valid, then the end-entity check refuses a clientAuth-only EKU for a server.
    //     Expected: refused ("Extended key usage does not permit use for TLS server authentication").
    scenario("2.2", protocol, false,
        keyStore(dir, "test.p12"), null, null,
        null, trustStore(dir, "trust-ca.p12"));
    // The fix: the server accepts a client only when SHA-256(leaf DER) equals the certSha256 of
    // "test" in pins.json. getAcceptedIssuers() is empty, so the CertificateRequest names no CA and
    // the client offers its certificate. Expected: test accepted, other (same CA) refused.
    scenario("pin-test", protocol, true,
        keyStore(dir, "server.p12"), null, new PinningTrustManager(pin),
        keyStore(dir, "test.p12"), trustStore(dir, "trust-ca.p12"));
    scenario("pin-other", protocol, true,
        keyStore(dir, "server.p12"), null, new PinningTrustManager(pin),
        keyStore(dir, "other.p12"), trustStore(dir, "trust-ca.p12"));
    System.exit(0);
  }

  // ------------------------------------------------------------------------------------------
  // The fix
  // ------------------------------------------------------------------------------------------

  /**
   * Server-side pinning of one client certificate by the SHA-256 of its DER (certgen's
   * certSha256). Only the leaf, chain[0], is compared: the handshake's CertificateVerify proves the
   * client holds that certificate's key; any other certificate of the chain is unproven and must
   * not be matched. The pin replaces chain validation, so the leaf's own validity is still checked.
   */
  static final class PinningTrustManager extends X509ExtendedTrustManager {
    private final byte[] pin;

    PinningTrustManager(String certSha256Hex) {
      this.pin = HexFormat.of().parseHex(certSha256Hex);
    }

    /** certificates.NAME.certSha256 of a certgen pins.json (a regex is enough for this file). */
    static String readPin(Path pinsJson, String name) throws Exception {
      String text = Files.readString(pinsJson);
      int at = text.indexOf("\"" + name + "\": {");
      Matcher m = Pattern.compile("\"certSha256\"\\s*:\\s*\"([0-9a-f]{64})\"").matcher(text);
      if (at < 0 || !m.find(at)) throw new IllegalArgumentException("no certSha256 for " + name + " in " + pinsJson);
      return m.group(1);
    }

    private void check(X509Certificate[] chain) throws CertificateException {
      if (chain == null || chain.length == 0) throw new CertificateException("no client certificate");
      byte[] got;
      try {
        got = MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new CertificateException(e);
      }
      if (!MessageDigest.isEqual(got, pin)) {
        throw new CertificateException("client certificate SHA-256 " + HexFormat.of().formatHex(got) + " is not the pinned one");
      }
      chain[0].checkValidity();
    }

    @Override public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException { check(chain); }
    @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) throws CertificateException { check(chain); }
    @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) throws CertificateException { check(chain); }
    @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException { refuseServer(); }
    @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) throws CertificateException { refuseServer(); }
    @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) throws CertificateException { refuseServer(); }
    @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }

    private static void refuseServer() throws CertificateException {
      throw new CertificateException("a client-pinning trust manager does not check servers");
    }
  }

  // ------------------------------------------------------------------------------------------
  // One scenario: a server that accepts one connection, a client that sends one line
  // ------------------------------------------------------------------------------------------

  static void scenario(String id, String protocol, boolean mutual, KeyStore serverKeys, KeyStore serverTrust, X509ExtendedTrustManager serverTm,
      KeyStore clientKeys, KeyStore clientTrust) throws Exception {
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("event", "scenario");
    rec.put("id", id);
    rec.put("mutualTls", mutual);
    SSLContext serverCtx = context(serverKeys, serverTrust, serverTm, rec, "server");
    SSLContext clientCtx = context(clientKeys, clientTrust, null, rec, "client");

    SSLServerSocket server = serverSocket(serverCtx, 1, protocol, mutual);
    Thread t = new Thread(() -> {
      try (SSLSocket s = (SSLSocket) server.accept()) {
        s.setSoTimeout(10_000);
        s.startHandshake();
        writeLine(s, "hello " + readLine(s));
        put(rec, "serverOk", true);
      } catch (Exception e) {
        put(rec, "serverOk", false);
        put(rec, "serverError", message(e));
      }
    });
    t.start();
    try (SSLSocket s = connect(clientCtx, server.getLocalPort(), protocol)) {
      s.startHandshake();
      exchange(s, "ping");
      put(rec, "clientOk", true);
    } catch (Exception e) {
      put(rec, "clientOk", false);
      put(rec, "clientError", message(e));
    }
    t.join(15_000);
    server.close();
    synchronized (rec) {
      emit(obj(rec));
    }
  }

  static SSLContext context(KeyStore keys, KeyStore trust, X509ExtendedTrustManager tm, Map<String, Object> rec, String side) throws Exception {
    KeyManager[] kms = null;
    if (keys != null) {
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, PASSWORD.toCharArray());
      kms = new KeyManager[] {new ObservingKeyManager((X509ExtendedKeyManager) kmf.getKeyManagers()[0], rec)};
    }
    X509ExtendedTrustManager inner = tm;
    if (inner == null && trust != null) {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      inner = (X509ExtendedTrustManager) tmf.getTrustManagers()[0];
    }
    TrustManager[] tms = inner == null ? null : new TrustManager[] {new ObservingTrustManager(inner, rec, side)};
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kms, tms, null);
    return ctx;
  }

  static KeyStore keyStore(Path dir, String file) throws Exception {
    return loadPkcs12(dir.resolve(file));
  }

  static KeyStore trustStore(Path dir, String file) throws Exception {
    return loadPkcs12(dir.resolve(file));
  }

  static void put(Map<String, Object> rec, String k, Object v) {
    synchronized (rec) {
      rec.put(k, v);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Observation
  // ------------------------------------------------------------------------------------------

  /** Records the acceptable issuers a client was sent and the alias it chose (null: empty chain). */
  static final class ObservingKeyManager extends DelegatingKeyManager {
    private final Map<String, Object> rec;

    ObservingKeyManager(X509ExtendedKeyManager d, Map<String, Object> rec) {
      super(d);
      this.rec = rec;
    }

    @Override String chosenClient(Principal[] issuers, String alias) {
      List<String> names = new ArrayList<>();
      if (issuers != null) for (Principal p : issuers) names.add(p instanceof X500Principal ? ((X500Principal) p).getName(X500Principal.RFC2253) : p.getName());
      put(rec, "requestedIssuers", names);
      put(rec, "clientAlias", alias);
      return alias;
    }

    @Override String chosenServer(String alias) {
      put(rec, "serverAlias", alias);
      return alias;
    }
  }

  /** Records what a side was shown (the peer's leaf) and its verdict. */
  static final class ObservingTrustManager extends DelegatingTrustManager {
    private final Map<String, Object> rec;
    private final String side;

    ObservingTrustManager(X509ExtendedTrustManager d, Map<String, Object> rec, String side) {
      super(d);
      this.rec = rec;
      this.side = side;
    }

    @Override void observe(X509Certificate[] chain, String peerRole, Check check) throws CertificateException {
      put(rec, side + "Saw", chain == null || chain.length == 0 ? null : subject(chain[0]));
      try {
        check.run();
        put(rec, side + "Verdict", "accepted");
      } catch (CertificateException e) {
        put(rec, side + "Verdict", "refused: " + message(e));
        throw e;
      }
    }
  }
}
