import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Opens an encrypted PKCS#8 PEM (certgen's keyPassword) with the JDK alone, no Bouncy Castle:
 * args = file, password, key algorithm (EC, RSA), signature algorithm. Prints the PBE scheme the
 * JDK recognised and a base64 signature over "certgen" made with the key (the test verifies it with
 * the certificate's public key); exit 3 when the password is refused.
 */
public class ReadEncryptedKey {
  public static void main(String[] args) throws Exception {
    String pem = Files.readString(Path.of(args[0]));
    String body = pem.replaceAll("-----(BEGIN|END) ENCRYPTED PRIVATE KEY-----", "").replaceAll("\\s", "");
    EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(Base64.getDecoder().decode(body));
    AlgorithmParameters params = info.getAlgParameters();
    String scheme = params.toString(); // PBES2 as JCE names it: PBEWithHmacSHA256AndAES_256
    SecretKey secret = SecretKeyFactory.getInstance(scheme).generateSecret(new PBEKeySpec(args[1].toCharArray()));
    Cipher cipher = Cipher.getInstance(scheme);
    cipher.init(Cipher.DECRYPT_MODE, secret, params);
    PKCS8EncodedKeySpec spec;
    try {
      spec = info.getKeySpec(cipher);
    } catch (InvalidKeySpecException e) {
      System.out.println("refused: " + e.getMessage());
      System.exit(3);
      return;
    }
    PrivateKey key = KeyFactory.getInstance(args[2]).generatePrivate(spec);
    Signature signer = Signature.getInstance(args[3]);
    signer.initSign(key);
    signer.update("certgen".getBytes(StandardCharsets.US_ASCII));
    System.out.println(scheme + " " + Base64.getEncoder().encodeToString(signer.sign()));
  }
}
