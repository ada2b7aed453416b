/** Message formatting shared by every catalogue lookup. Pure: no React, no DOM. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** A catalogue lookup: the template for a key, or undefined when the catalogue has none. */
export type Lookup = (key: string) => string | undefined;

/**
 * Replaces `{name}` placeholders. Numbers are formatted for the locale; a placeholder whose
 * parameter is missing becomes an ellipsis rather than leaking `{name}` into the UI.
 */
export function formatMessage(template: string, params: MessageParams = {}, locale?: string): string {
  return template.replace(/\{(\w+)\}/g, (_match, key: string) => {
    const value = params[key];
    if (value === undefined) return '…';
    if (typeof value === 'number' && locale) return new Intl.NumberFormat(locale).format(value);
    return String(value);
  });
}

export function lookupIn(catalogue: Readonly<Record<string, string>>): Lookup {
  return (key) => (Object.prototype.hasOwnProperty.call(catalogue, key) ? catalogue[key] : undefined);
}
