import { createHash } from 'node:crypto';
import type { OfficialDocumentType } from '@safegrid/contracts';
import { canonicalJson } from '../../platform/audit/audit-trail';
import type { DocumentLayout } from './document-layout';
import { PLATFORM_WORDING, prepareForm, type DocumentDefinition } from './document-types';
import type { IssuingAgency } from './issuing-agency';

/**
 * A document's canonical content and its layout, from validated input and an allocated number.
 * The canonical content is what is archived (jsonb) and what the verification code commits to:
 * the first 16 hex digits of SHA-256 over its canonical JSON (keys sorted at every depth), so the
 * code can be recomputed from the archive at any time.
 */

export const CANONICAL_SCHEMA = 'safegrid.official-document/1';

export interface ComposeInput {
  docType: OfficialDocumentType;
  content: unknown;
  number: string;
  agency: IssuingAgency;
  enterprise: { id: string; name: string; address: string };
  issuedAt: Date;
}

export interface CanonicalDocument {
  schema: typeof CANONICAL_SCHEMA;
  docType: OfficialDocumentType;
  title: string;
  number: string;
  agency: { code: string; name: string };
  enterprise: { id: string; name: string; address: string };
  documentDate: string;
  issuedAt: string;
  content: unknown;
  wording: {
    form: string;
    legalUpdatesApplied: string[];
    /** Points of the wording kept from the 2016 form although not verified against current law. */
    unverifiedWording: string[];
    /** Words the platform prints that the form does not contain. */
    platformWording: string[];
  };
}

export function verificationCodeOf(canonical: CanonicalDocument): string {
  return createHash('sha256').update(canonicalJson(canonical), 'utf8').digest('hex').slice(0, 16);
}

export function verificationPath(code: string): string {
  return `/api/documents/verify/${code}`;
}

/** The web page a reader of the printed document opens (the QR code's target): not the JSON API. */
export function verificationPagePath(code: string): string {
  return `/documents/verify/${code}`;
}

export function composeOfficialDocument(
  definition: DocumentDefinition<unknown>,
  input: ComposeInput,
  options: { publicBaseUrl?: string } = {},
): { canonical: CanonicalDocument; verificationCode: string; layout: DocumentLayout } {
  const form = prepareForm(definition.formType);
  const formNo = Array.isArray(form.data.form2016No) ? form.data.form2016No.join('/') : form.data.form2016No;
  const canonical: CanonicalDocument = {
    schema: CANONICAL_SCHEMA,
    docType: input.docType,
    title: form.title,
    number: input.number,
    agency: { code: input.agency.code, name: input.agency.name },
    enterprise: input.enterprise,
    documentDate: definition.documentDate(input.content),
    issuedAt: input.issuedAt.toISOString(),
    content: input.content,
    wording: {
      form: `安全生产行政执法文书式样（2016年版）${formNo} ${form.data.type}`,
      legalUpdatesApplied: form.legalUpdatesApplied,
      unverifiedWording: form.unverifiedWording,
      platformWording: [...definition.platformWording].map((id) => `${id}: ${PLATFORM_WORDING[id]}`),
    },
  };
  const verificationCode = verificationCodeOf(canonical);
  const url = `${options.publicBaseUrl?.replace(/\/+$/, '') ?? ''}${verificationPagePath(verificationCode)}`;
  const layout: DocumentLayout = {
    header: form.header,
    title: form.title,
    number: input.number,
    blocks: definition.build(input.content as never, form, {
      agency: input.agency,
      unit: { name: input.enterprise.name, address: input.enterprise.address },
    }),
    verification: { code: verificationCode, url },
    info: {
      title: `${form.title} ${input.number}`,
      author: input.agency.name,
      subject: form.header,
      keywords: `verification:${verificationCode}`,
      createdAt: input.issuedAt,
    },
  };
  return { canonical, verificationCode, layout };
}
