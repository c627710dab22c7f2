import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { notFound, validationFailed } from '../common/errors/app-error.js';
import { pageByTime, type Page, type PageQuery } from '../common/pagination.js';
import type { Actor, Caller } from '../common/request-context.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { ApiKey } from './api-key.entity.js';
import type { ApiKeyView, CreatedApiKeyView } from './api-key.view.js';
import { API_KEY_PREFIX, newSecret, sha256 } from './secrets.js';

const MAX_LIFETIME_DAYS = 366;

const toView = (key: ApiKey): ApiKeyView => ({
  id: key.id,
  name: key.name,
  prefix: key.prefix,
  expiresAt: key.expiresAt.toISOString(),
  revokedAt: key.revokedAt?.toISOString() ?? null,
  lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  createdAt: key.createdAt.toISOString(),
});

/** API keys for members' own systems; each acts as its owner and is stored only as a hash. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  create(actor: Caller, name: string, expiresAt: Date): Promise<CreatedApiKeyView> {
    const lifetime = expiresAt.getTime() - Date.now();
    if (lifetime <= 0) throw validationFailed('expiresAt', 'must be in the future');
    if (lifetime > MAX_LIFETIME_DAYS * 86_400_000) {
      throw validationFailed('expiresAt', `must be within ${MAX_LIFETIME_DAYS} days`);
    }
    return this.unitOfWork.run(actor, async (tx) => {
      const key = newSecret(API_KEY_PREFIX);
      const saved = await tx.manager.save(
        tx.manager.create(ApiKey, {
          userId: actor.id,
          name,
          prefix: key.slice(0, API_KEY_PREFIX.length + 6),
          keyHash: sha256(key),
          expiresAt,
          revokedAt: null,
          lastUsedAt: null,
        }),
      );
      tx.audit({
        action: 'auth.api_key_created',
        entityType: 'api_key',
        entityId: saved.id,
        changes: { name, expiresAt: expiresAt.toISOString() },
      });
      return { ...toView(saved), key };
    });
  }

  /** The caller's keys, newest first (createdAt desc, id desc), keyset-paginated like every list. */
  async list(actor: Actor, query: PageQuery): Promise<Page<ApiKeyView>> {
    const builder = this.dataSource.manager
      .createQueryBuilder(ApiKey, 'k')
      .where('k.user_id = :userId', { userId: actor.id });
    return pageByTime(builder, { column: 'created_at', time: (key) => key.createdAt, order: 'DESC' }, query, toView);
  }

  revoke(actor: Caller, id: string): Promise<void> {
    return this.unitOfWork.run(actor, async (tx) => {
      const key = await tx.manager.findOne(ApiKey, {
        where: { id, userId: actor.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!key) throw notFound('API key');
      if (key.revokedAt) return;
      await tx.manager.update(ApiKey, { id }, { revokedAt: new Date() });
      tx.audit({ action: 'auth.api_key_revoked', entityType: 'api_key', entityId: id, changes: { name: key.name } });
    });
  }
}
