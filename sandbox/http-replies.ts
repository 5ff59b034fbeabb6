/**
 * The simulator's canned answers: Harvest's error bodies, the reply kinds the HTTP layer
 * delivers, and the injectable faults.
 */
import type { Socket } from 'node:net'

export const FAULT_KINDS = [
  '429',
  '500',
  '502',
  '503',
  'reset',
  'timeout',
  'lie-total',
  'truncate'
] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

export interface Fault {
  kind: FaultKind
  /** How many matching requests get it; default 1, Infinity = persistent. */
  times?: number
  /** For '429'; default 1. */
  retryAfterSeconds?: number
  /** Restricts the fault to some requests; default: every authenticated request (any resource). */
  match?: (url: URL) => boolean
}

export const ERRORS = {
  userAgent: {
    error: 'bad_request',
    error_description: 'Missing User-Agent header: identify your application and a contact.'
  },
  token: {
    error: 'invalid_token',
    error_description:
      'The access token provided is expired, revoked, malformed or invalid for other reasons.'
  },
  /** Harvest answers a Harvest-Account-Id the token has no access to as a missing object. */
  account: { status: 404, error: 'Not Found' },
  forbidden: {
    error: 'forbidden',
    error_description:
      'The object you requested was found but you don’t have authorization to perform your request.'
  },
  method: { status: 405, error: 'Method Not Allowed' },
  500: { status: 500, error: 'Internal Server Error' },
  502: { status: 502, error: 'Bad Gateway' },
  503: { status: 503, error: 'Service Unavailable' }
} as const

/** What to do with a request, decided synchronously and delivered after the latency. */
export type Reply =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'html'; status: number; body: string }
  | { kind: 'truncate'; status: number; body: unknown }
  | { kind: 'reset' }
  | { kind: 'timeout' }

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { kind: 'json', status, body, headers }
}

export function rateLimited(retryAfterSeconds: number): Reply {
  const body = {
    error: 'rate_limited',
    error_description: `Rate limit exceeded. Retry after ${retryAfterSeconds} seconds.`
  }
  return json(429, body, { 'Retry-After': String(retryAfterSeconds) })
}

/** The reply of a fault that replaces the normal answer; null for faults that alter it. */
export function faultToReply(fault: Fault): Reply | null {
  switch (fault.kind) {
    case '429':
      return rateLimited(Math.max(0, Math.ceil(fault.retryAfterSeconds ?? 1)))
    case '500':
    case '502':
    case '503':
      return json(Number(fault.kind), ERRORS[fault.kind])
    case 'reset':
      return { kind: 'reset' }
    case 'timeout':
      return { kind: 'timeout' }
    case 'lie-total':
    case 'truncate':
      return null
  }
}

export function jsonHeaders(length: number): Record<string, string | number> {
  return {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': length,
    'Cache-Control': 'max-age=0, private, must-revalidate'
  }
}

/** A TCP RST where the platform supports it, so clients see ECONNRESET rather than a clean close. */
export function resetSocket(socket: Socket): void {
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy()
  else socket.destroy()
}
