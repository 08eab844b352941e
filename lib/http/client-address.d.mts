export const CLIENT_ADDRESS_HEADER: string;
export function trustedProxyHops(value?: string): number;
export function normaliseAddress(value: unknown): string | null;
export function resolveClientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, hops: number): string | null;
export function stampClientAddress(req: import("node:http").IncomingMessage, hops: number, token: string): void;
export function installClientAddressToken(token: string): void;
export function clientAddressFrom(headers: { get(name: string): string | null }): string | null;
