/**
 * Decides who is calling: an API key (`Authorization: Bearer` or `X-API-Key`), a bearer JWT, or a user name and
 * password (`Authorization: Basic`). On stdio there are no headers: authentication is off by default there (the
 * process was started by its user) and, when turned on, the key comes from the environment at start-up.
 */
import type { RequestInfo } from '../pipeline/stage.js';
import type { Principal } from './principal.js';
import type { ApiKeyVerifier } from './api-key-verifier.js';
import { MalformedCredentialError, readCredential } from './credentials.js';
import { type JwtRejection, type JwtVerifier, looksLikeJwt } from './jwt-verifier.js';
import type { PasswordVerifier } from './password-verifier.js';

/** How stdio requests are authenticated. */
export interface StdioAuthentication {
  /** Off by default: the principal below is used for every request. */
  authenticate: boolean;
  /** When on: the API key read from the environment at start-up (undefined when the variable was not set). */
  apiKey?: string;
  /** When off: who stdio requests run as. */
  principal: Principal;
}

export interface AuthenticatorOptions {
  apiKeys?: ApiKeyVerifier;
  jwt?: JwtVerifier;
  passwords?: PasswordVerifier;
  stdio: StdioAuthentication;
}

/** Why authentication failed: a small fixed set, used as a log field and a metric label. */
export type AuthFailureReason =
  | 'missing-credentials'
  | 'malformed-credentials'
  | 'unknown-api-key'
  | 'bad-password'
  | 'unsupported-credentials'
  | JwtRejection;

export type AuthOutcome =
  | { ok: true; principal: Principal; keyId?: string }
  | {
      ok: false;
      reason: AuthFailureReason;
      /** The RFC 6750 error code for WWW-Authenticate, when there is one. */
      bearerError?: 'invalid_request' | 'invalid_token';
      /** A short explanation that is safe to send (it never contains the credential). */
      detail: string;
    };

/** Authenticates requests with whatever verifiers are configured. */
export class Authenticator {
  private stdioOutcome: AuthOutcome | undefined;

  constructor(private readonly options: AuthenticatorOptions) {}

  /** Who sent this request, or why we cannot tell. Synchronous for API keys and stdio; a promise for JWTs and passwords. */
  authenticate(info: RequestInfo): AuthOutcome | Promise<AuthOutcome> {
    if (info.transport === 'stdio') return this.authenticateStdio();
    let credential;
    try {
      credential = readCredential(info.headers);
    } catch (error) {
      if (!(error instanceof MalformedCredentialError)) throw error;
      return {
        ok: false,
        reason: 'malformed-credentials',
        bearerError: 'invalid_request',
        detail: error.message,
      };
    }
    switch (credential.kind) {
      case 'none':
        return { ok: false, reason: 'missing-credentials', detail: 'credentials required' };
      case 'api-key':
        return this.byApiKey(credential.key);
      case 'bearer':
        if (this.options.jwt && looksLikeJwt(credential.token))
          return this.byJwt(this.options.jwt, credential.token);
        return this.byApiKey(credential.token);
      case 'basic':
        return this.byPassword(credential.username, credential.password);
    }
  }

  private byApiKey(key: string): AuthOutcome {
    const verified = this.options.apiKeys?.verify(key);
    if (!verified)
      return {
        ok: false,
        reason: 'unknown-api-key',
        bearerError: 'invalid_token',
        detail: 'invalid credentials',
      };
    return { ok: true, principal: verified.principal, keyId: verified.keyId };
  }

  private async byJwt(jwt: JwtVerifier, token: string): Promise<AuthOutcome> {
    const verified = await jwt.verify(token);
    if (verified.ok) return { ok: true, principal: verified.principal };
    return { ok: false, reason: verified.reason, bearerError: 'invalid_token', detail: 'invalid token' };
  }

  private async byPassword(username: string, password: string): Promise<AuthOutcome> {
    if (!this.options.passwords) {
      return { ok: false, reason: 'unsupported-credentials', detail: 'password login is not enabled' };
    }
    const principal = await this.options.passwords.verify(username, password);
    if (!principal) return { ok: false, reason: 'bad-password', detail: 'invalid credentials' };
    return { ok: true, principal };
  }

  /** The stdio principal never changes for the life of the process, so it is decided once. */
  private authenticateStdio(): AuthOutcome {
    if (this.stdioOutcome) return this.stdioOutcome;
    const { stdio } = this.options;
    if (!stdio.authenticate) this.stdioOutcome = { ok: true, principal: stdio.principal };
    else if (stdio.apiKey === undefined) {
      this.stdioOutcome = {
        ok: false,
        reason: 'missing-credentials',
        detail: 'no API key in the environment',
      };
    } else this.stdioOutcome = this.byApiKey(stdio.apiKey);
    return this.stdioOutcome;
  }
}
