/** Who is calling, as established by authentication. */
export interface Principal {
  id: string;
  tenantId?: string;
  roles: readonly string[];
  /** How the principal proved itself. */
  via: 'api-key' | 'jwt' | 'password' | 'anonymous';
  /** OAuth scopes granted by a bearer token, when there is one. */
  scopes?: readonly string[];
}
