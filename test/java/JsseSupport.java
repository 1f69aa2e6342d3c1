import java.io.BufferedReader;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * What the JSSE programs of test/java (ChainDemo, Netty14419) share; javac compiles it together
 * with each of them: `javac -d DIR test/java/ChainDemo.java test/java/JsseSupport.java`.
 * They extend it to call these helpers unqualified (a class of the unnamed package cannot be
 * imported): PKCS#12 stores, loopback sockets that exchange one line, key and trust managers that
 * delegate to the JDK's and let a subclass watch them, and a tiny JSON printer.
 */
abstract class JsseSupport {
  /** certgen's default store password. */
  static final String PASSWORD = "changeit";

  // ------------------------------------------------------------------------------------------
  // Stores and sockets on 127.0.0.1
  // ------------------------------------------------------------------------------------------

  /** A PKCS#12 keystore or truststore written by certgen. */
  static KeyStore loadPkcs12(Path file) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(file.toFile())) {
      ks.load(in, PASSWORD.toCharArray());
    }
    return ks;
  }

  static SSLServerSocket serverSocket(SSLContext ctx, int backlog, String protocol, boolean needClientAuth) throws Exception {
    SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, backlog, InetAddress.getLoopbackAddress());
    s.setEnabledProtocols(new String[] {protocol});
    s.setNeedClientAuth(needClientAuth);
    return s;
  }

  /** A client socket to the loopback `port`, `protocol` only, with a 10 s read timeout; not yet handshaken. */
  static SSLSocket connect(SSLContext ctx, int port, String protocol) throws Exception {
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout(10_000);
    s.setEnabledProtocols(new String[] {protocol});
    return s;
  }

  /** One line of UTF-8 from the peer (null at the end of the stream). */
  static String readLine(SSLSocket s) throws IOException {
    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
  }

  static void writeLine(SSLSocket s, String line) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Sends `line` and returns the reply, which is read, so a TLS 1.3 client sees the server's refusal too. */
  static String exchange(SSLSocket s, String line) throws IOException {
    writeLine(s, line);
    String reply = readLine(s);
    if (reply == null) throw new EOFException("connection closed without a reply");
    return reply;
  }

  /** An exception and its causes on one line: "SSLHandshakeException: ... <- CertificateException: ...". */
  static String message(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (b.length() > 0) b.append(" <- ");
      b.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
    }
    return b.toString();
  }

  static String subject(X509Certificate c) {
    return c.getSubjectX500Principal().getName(X500Principal.RFC2253);
  }

  // ------------------------------------------------------------------------------------------
  // Key and trust managers that delegate to the JDK's; a subclass sees each decision
  // ------------------------------------------------------------------------------------------

  /** Delegates everything to `d`; each alias `d` chooses goes through `chosenClient` or `chosenServer`. */
  abstract static class DelegatingKeyManager extends X509ExtendedKeyManager {
    final X509ExtendedKeyManager d;

    DelegatingKeyManager(X509ExtendedKeyManager d) {
      this.d = d;
    }

    /** The alias chosen as a TLS client, given the acceptable issuers the server named; returns it. */
    abstract String chosenClient(Principal[] issuers, String alias);

    /** The alias chosen as a TLS server; returns it. */
    abstract String chosenServer(String alias);

    @Override public String chooseClientAlias(String[] k, Principal[] i, Socket s) { return chosenClient(i, d.chooseClientAlias(k, i, s)); }
    @Override public String chooseEngineClientAlias(String[] k, Principal[] i, SSLEngine e) { return chosenClient(i, d.chooseEngineClientAlias(k, i, e)); }
    @Override public String chooseServerAlias(String k, Principal[] i, Socket s) { return chosenServer(d.chooseServerAlias(k, i, s)); }
    @Override public String chooseEngineServerAlias(String k, Principal[] i, SSLEngine e) { return chosenServer(d.chooseEngineServerAlias(k, i, e)); }
    @Override public String[] getClientAliases(String k, Principal[] i) { return d.getClientAliases(k, i); }
    @Override public String[] getServerAliases(String k, Principal[] i) { return d.getServerAliases(k, i); }
    @Override public X509Certificate[] getCertificateChain(String alias) { return d.getCertificateChain(alias); }
    @Override public PrivateKey getPrivateKey(String alias) { return d.getPrivateKey(alias); }
  }

  /** Delegates to `d`; every check of a peer's chain goes through `observe`. */
  abstract static class DelegatingTrustManager extends X509ExtendedTrustManager {
    final X509ExtendedTrustManager d;

    DelegatingTrustManager(X509ExtendedTrustManager d) {
      this.d = d;
    }

    interface Check {
      void run() throws CertificateException;
    }

    /** Runs `check`, `d`'s verdict on `chain` presented by a peer in `peerRole` ("client" or "server"). */
    abstract void observe(X509Certificate[] chain, String peerRole, Check check) throws CertificateException;

    @Override public void checkClientTrusted(X509Certificate[] c, String a, Socket s) throws CertificateException { observe(c, "client", () -> d.checkClientTrusted(c, a, s)); }
    @Override public void checkServerTrusted(X509Certificate[] c, String a, Socket s) throws CertificateException { observe(c, "server", () -> d.checkServerTrusted(c, a, s)); }
    @Override public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) throws CertificateException { observe(c, "client", () -> d.checkClientTrusted(c, a, e)); }
    @Override public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) throws CertificateException { observe(c, "server", () -> d.checkServerTrusted(c, a, e)); }
    @Override public void checkClientTrusted(X509Certificate[] c, String a) throws CertificateException { observe(c, "client", () -> d.checkClientTrusted(c, a)); }
    @Override public void checkServerTrusted(X509Certificate[] c, String a) throws CertificateException { observe(c, "server", () -> d.checkServerTrusted(c, a)); }
    @Override public X509Certificate[] getAcceptedIssuers() { return d.getAcceptedIssuers(); }
  }

  // ------------------------------------------------------------------------------------------
  // Tiny JSON: one object a line on stdout
  // ------------------------------------------------------------------------------------------

  static synchronized void emit(String line) {
    System.out.println(line);
    System.out.flush();
  }

  /** An object from alternating keys and values. */
  static String obj(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return obj(m);
  }

  static String obj(Map<String, Object> m) {
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<String, Object> e : m.entrySet()) {
      if (b.length() > 1) b.append(',');
      b.append(json(e.getKey())).append(':').append(json(e.getValue()));
    }
    return b.append('}').toString();
  }

  static String json(Object v) {
    if (v == null) return "null";
    if (v instanceof Boolean || v instanceof Number) return v.toString();
    if (v instanceof List) {
      StringBuilder b = new StringBuilder("[");
      for (Object o : (List<?>) v) b.append(b.length() > 1 ? "," : "").append(json(o));
      return b.append(']').toString();
    }
    StringBuilder b = new StringBuilder("\"");
    for (char ch : v.toString().toCharArray()) {
      if (ch == '"' || ch == '\\') b.append('\\').append(ch);
      else if (ch < 0x20) b.append(String.format("\\u%04x", (int) ch));
      else b.append(ch);
    }
    return b.append('"').toString();
  }
}
