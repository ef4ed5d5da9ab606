import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { ReportVersion } from '../dialogues/report/report-reads.js';

/**
 * Published versions are signed with HMAC-SHA256 under a key derived from TOKEN_SECRET (HKDF,
 * its own label, so the key signs nothing else). The signed text names the version's identity
 * and the SHA-256 of its JSON and of its PDF: changing a byte of either, or moving the copy to
 * another school or year, breaks the signature. Whoever holds TOKEN_SECRET can verify.
 */
export function reportKey(tokenSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', tokenSecret, 'vijfvragen', 'report-version-signature-v1', 32));
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

type Signed = Pick<
  ReportVersion,
  'id' | 'organisationId' | 'subject' | 'period' | 'publishedAt' | 'jsonSha256' | 'pdfSha256'
>;

function signedText(v: Signed): string {
  const subject = v.subject.kind === 'board' ? 'board' : `school:${v.subject.schoolId}`;
  return [
    'vijfvragen-report-v1',
    v.id,
    v.organisationId,
    subject,
    v.period,
    v.publishedAt.toISOString(),
    v.jsonSha256,
    v.pdfSha256,
  ].join('\n');
}

export function signVersion(key: Buffer, version: Signed): string {
  return createHmac('sha256', key).update(signedText(version)).digest('base64url');
}

/** Whether the stored JSON and PDF still hash to what was signed, and the signature is ours. */
export function verifyVersion(key: Buffer, version: ReportVersion): boolean {
  if (sha256(version.json) !== version.jsonSha256 || sha256(version.pdf) !== version.pdfSha256) return false;
  const expected = Buffer.from(signVersion(key, version));
  const given = Buffer.from(version.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
