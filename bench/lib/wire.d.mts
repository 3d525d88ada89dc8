export const STATUS: Readonly<Record<'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN', number>>;
export function encodeStatus(status: string): Buffer;
export function encodeService(service: string): Buffer;
export function decodeRequest(bytes: Buffer): { service: string };
export function grpcFrame(message: Uint8Array): Buffer;
export function createStatusReader(onStatus: (status: number) => void): (chunk: Buffer) => void;
