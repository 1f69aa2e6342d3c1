import java.nio.file.Path;
import java.security.Principal;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * JDK-8199440 reproduced on loopback: Front -> Middle -> Back, every hop mutual TLS, built from
 * certgen's templates/jvm-single-keystore.yaml. Middle is a TLS server (for Front) and a TLS
 * client (of Back) and loads ONE keystore, middle.p12, with two key entries: middle-server
 * (EKU serverAuth) and middle-client (EKU clientAuth).
 *
 * Compile with test/java/JsseSupport.java. Usage: java ChainDemo FIXTURE_DIR KM [PROTOCOL]
 *   KM = SunX509 | PKIX: Middle's KeyManagerFactory algorithm, given explicitly;
 *   KM = default: Middle uses SSLContext.getDefault(), i.e. what a Java service gets from
 *        -Djavax.net.ssl.keyStore=... (and -Djava.security.properties=FILE for the key manager
 *        algorithm, ssl.KeyManagerFactory.algorithm, a security property, not a system one).
 *   PROTOCOL = TLSv1.3 (default) | TLSv1.2.
 *
 * Prints one JSON object a line:
 *   {"event":"jvm",...}                 the JDK and the key manager algorithm Middle really uses
 *   {"event":"alias",...}               which entry Middle's key manager chose, per direction (KM given)
 *   {"event":"presented",...}           what a receiver (Front or Back) was shown, and its verdict
 *   {"event":"call",...}                each call's outcome: middle->back, then front->middle(->back)
 * Front and Back validate with the JDK's default PKIX trust manager, which checks the peer's EKU:
 * the wrong certificate is refused there, not by Middle.
 */
public final class ChainDemo extends JsseSupport {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String km = args[1];
    String protocol = args.length > 2 ? args[2] : "TLSv1.3";

    SSLContext middle;
    String middleAlgorithm;
    if (km.equals("default")) {
      middle = SSLContext.getDefault();
      middleAlgorithm = KeyManagerFactory.getDefaultAlgorithm();
    } else {
      middle = context(dir.resolve("middle.p12"), km, dir.resolve("middle-truststore.p12"), "middle", null, true);
      middleAlgorithm = km;
    }
    SSLContext front = context(dir.resolve("front.p12"), "PKIX", dir.resolve("front-truststore.p12"), "front", "front->middle", false);
    SSLContext back = context(dir.resolve("back.p12"), "PKIX", dir.resolve("back-truststore.p12"), "back", "middle->back", false);

    emit(obj("event", "jvm", "javaVersion", System.getProperty("java.version"), "vendor", System.getProperty("java.vendor"),
        "middleKeyManager", middleAlgorithm, "defaultKeyManager", KeyManagerFactory.getDefaultAlgorithm(), "protocol", protocol));

    SSLServerSocket backServer = serverSocket(back, 10, protocol, true);
    SSLServerSocket middleServer = serverSocket(middle, 10, protocol, true);
    int backPort = backServer.getLocalPort();
    serve(backServer, "back", in -> "back: hello " + in);
    serve(middleServer, "middle", in -> "middle: " + callQuietly(middle, protocol, backPort, "from middle for " + in));

    // The outbound direction on its own, so it is observed even when the inbound one fails.
    call(middle, protocol, backPort, "middle", "back", "ping");
    // The whole chain: Front calls Middle, which calls Back.
    call(front, protocol, middleServer.getLocalPort(), "front", "middle", "ping");
    System.out.flush();
    System.exit(0);
  }

  // ------------------------------------------------------------------------------------------
  // Contexts: a PKCS12 keystore + truststore, as -Djavax.net.ssl.* would load them.
  // ------------------------------------------------------------------------------------------

  static SSLContext context(Path keyStore, String kmAlgorithm, Path trustStore, String name, String observedHop, boolean logAliases)
      throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(kmAlgorithm);
    kmf.init(loadPkcs12(keyStore), PASSWORD.toCharArray());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(loadPkcs12(trustStore));
    KeyManager[] kms = kmf.getKeyManagers();
    if (logAliases) kms = new KeyManager[] {new ObservingKeyManager((X509ExtendedKeyManager) kms[0], name, kmAlgorithm)};
    TrustManager[] tms = tmf.getTrustManagers();
    if (observedHop != null) tms = new TrustManager[] {new ObservingTrustManager((X509ExtendedTrustManager) tms[0], name, observedHop)};
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kms, tms, null);
    return ctx;
  }

  // ------------------------------------------------------------------------------------------
  // Servers and calls on 127.0.0.1
  // ------------------------------------------------------------------------------------------

  interface Handler {
    String reply(String line) throws Exception;
  }

  static void serve(SSLServerSocket server, String name, Handler handler) {
    Thread t = new Thread(() -> {
      while (true) {
        try (SSLSocket s = (SSLSocket) server.accept()) {
          s.setSoTimeout(10_000);
          try {
            s.startHandshake();
            writeLine(s, handler.reply(readLine(s)));
          } catch (Exception e) {
            emit(obj("event", "served", "server", name, "ok", false, "error", message(e)));
          }
        } catch (Exception e) {
          return;
        }
      }
    }, name);
    t.setDaemon(true);
    t.start();
  }

  /** One request/response on a new connection; the reply is read (see exchange). */
  static String request(SSLContext ctx, String protocol, int port, String line) throws Exception {
    try (SSLSocket s = connect(ctx, port, protocol)) {
      SSLParameters p = s.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS"); // hostname (here: IP SAN 127.0.0.1) checked, as HTTPS clients do
      s.setSSLParameters(p);
      s.startHandshake();
      return exchange(s, line);
    }
  }

  static String callQuietly(SSLContext ctx, String protocol, int port, String line) {
    try {
      return request(ctx, protocol, port, line);
    } catch (Exception e) {
      return "back call failed: " + message(e);
    }
  }

  static void call(SSLContext ctx, String protocol, int port, String from, String to, String line) {
    try {
      String reply = request(ctx, protocol, port, line);
      emit(obj("event", "call", "from", from, "to", to, "ok", true, "reply", reply));
    } catch (Exception e) {
      emit(obj("event", "call", "from", from, "to", to, "ok", false, "error", message(e)));
    }
  }

  // ------------------------------------------------------------------------------------------
  // Observation: which entry the key manager chose, what the receiving side was shown.
  // ------------------------------------------------------------------------------------------

  /** Delegates everything; logs the alias chosen for each direction. */
  static final class ObservingKeyManager extends DelegatingKeyManager {
    private final String owner;
    private final String algorithm;

    ObservingKeyManager(X509ExtendedKeyManager d, String owner, String algorithm) {
      super(d);
      this.owner = owner;
      this.algorithm = algorithm;
    }

    private String log(String as, String alias) {
      X509Certificate[] chain = alias == null ? null : d.getCertificateChain(alias);
      emit(obj("event", "alias", "owner", owner, "keyManager", algorithm, "as", as, "alias", alias,
          "subject", chain == null ? null : subject(chain[0]), "eku", chain == null ? null : eku(chain[0])));
      return alias;
    }

    @Override String chosenClient(Principal[] issuers, String alias) { return log("client", alias); }
    @Override String chosenServer(String alias) { return log("server", alias); }
  }

  /** Delegates to the JDK's trust manager; logs the peer's leaf and the verdict. */
  static final class ObservingTrustManager extends DelegatingTrustManager {
    private final String owner;
    private final String hop;

    ObservingTrustManager(X509ExtendedTrustManager d, String owner, String hop) {
      super(d);
      this.owner = owner;
      this.hop = hop;
    }

    @Override void observe(X509Certificate[] chain, String peerRole, Check check) throws CertificateException {
      try {
        check.run();
        emit(obj("event", "presented", "hop", hop, "receiver", owner, "peerRole", peerRole, "subject", subject(chain[0]),
            "eku", eku(chain[0]), "verdict", "accepted"));
      } catch (CertificateException e) {
        emit(obj("event", "presented", "hop", hop, "receiver", owner, "peerRole", peerRole, "subject", subject(chain[0]),
            "eku", eku(chain[0]), "verdict", "refused", "reason", message(e)));
        throw e;
      }
    }
  }

  /** The EKU purposes, serverAuth and clientAuth by name. */
  static List<String> eku(X509Certificate c) {
    List<String> out = new ArrayList<>();
    try {
      List<String> oids = c.getExtendedKeyUsage();
      if (oids != null) for (String o : oids) out.add(o.equals("1.3.6.1.5.5.7.3.1") ? "serverAuth" : o.equals("1.3.6.1.5.5.7.3.2") ? "clientAuth" : o);
    } catch (Exception e) {
      out.add("unparsable");
    }
    return out;
  }
}
