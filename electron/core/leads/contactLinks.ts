/**
 * The detail pane's links to write to or call a lead. Lead data comes from outside (any customer can type
 * anything into the marketplace's form), so a link is made only from what is unmistakably one address or
 * one number, every character encoded: an "email" such as `ana@contoso.com?bcc=x@evil.example&attach=...`
 * gets no link at all instead of a mail client told to copy or attach.
 */
const ONE_ADDRESS = /^[^\s@,;:?&#<>"'%()[\]\\/]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export function mailtoHref(email: string): string | undefined {
  const address = email.trim();
  if (!ONE_ADDRESS.test(address)) return undefined;
  const [local, domain] = address.split('@') as [string, string];
  return `mailto:${encodeURIComponent(local)}@${domain}`;
}

/** A `tel:` link of the number's digits (and a leading +), or none for fewer than three digits. */
export function telHref(phone: string): string | undefined {
  const digits = phone.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '');
  return digits.replace('+', '').length >= 3 ? `tel:${digits}` : undefined;
}
