// What the declarations must refuse: each line below is a type error, and `tsc` fails on an
// unused @ts-expect-error, so a declaration that became too loose (say, `any`) fails the test.
import { createCA, generate, type CertificateHandle } from 'certgen';

export async function misuse(leaf: CertificateHandle): Promise<void> {
  // @ts-expect-error handles are read-only
  leaf.certPem = '';
  // @ts-expect-error an unknown profile
  await createCA({ profile: 'web' });
  // @ts-expect-error the issuer is the CA the method is called on
  await (await createCA()).issue({ issuer: 'ca' });
  // @ts-expect-error the key names are the template's
  await createCA({ key: 'p257' });
  // @ts-expect-error a template needs its version
  await generate({ certificates: {} });
  // @ts-expect-error toPkcs12 knows two encryptions
  await leaf.toPkcs12({ encryption: 'rc2' });
  // @ts-expect-error der is bytes, not text
  const text: string = leaf.der;
  void text;
}
