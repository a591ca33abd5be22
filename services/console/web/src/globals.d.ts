// The generated contract types name Node's Buffer for raw bytes; the console never sees those fields.
type Buffer = Uint8Array;
