export class ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

export class CreatedApiKeyView extends ApiKeyView {
  /** The key itself: shown this once, never again. */
  key: string;
}
