/** IPv4 CIDR arithmetic for validating network layouts before anything is synthesized. */

export interface Cidr {
  /** First address of the block as an unsigned 32-bit integer. */
  readonly network: number;
  /** Prefix length, 0 to 32. */
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns undefined for anything that is not a well-formed IPv4 CIDR. */
export function parseCidr(text: string): Cidr | undefined {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefix > 32) return undefined;
  const address = octets.reduce((value, octet) => value * 256 + octet, 0);
  return { network: address, prefix };
}

/** Number of addresses in the block. */
export function addressCount(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

/** The block with its host bits cleared, e.g. 10.0.0.5/16 -> 10.0.0.0/16. */
export function canonical(cidr: Cidr): Cidr {
  const size = addressCount(cidr);
  return { network: Math.floor(cidr.network / size) * size, prefix: cidr.prefix };
}

export function hasHostBits(cidr: Cidr): boolean {
  return canonical(cidr).network !== cidr.network;
}

export function formatCidr(cidr: Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.network / 2 ** shift) % 256);
  return `${octets.join('.')}/${cidr.prefix}`;
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return (
    inner.prefix >= outer.prefix &&
    inner.network >= outer.network &&
    inner.network + addressCount(inner) <= outer.network + addressCount(outer)
  );
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.network < b.network + addressCount(b) && b.network < a.network + addressCount(a);
}
