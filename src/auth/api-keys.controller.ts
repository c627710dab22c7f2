import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { RecordIdPipe } from '../common/id.pipe.js';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SkipIdempotency } from '../common/idempotency/idempotency.decorators.js';
import type { Page } from '../common/pagination.js';
import type { Caller } from '../common/request-context.js';
import { ApiKeyView, CreatedApiKeyView } from './api-key.view.js';
import { ApiKeysService } from './api-keys.service.js';
import { ApiPage } from '../common/openapi.js';
import { Allow, CurrentActor } from './decorators.js';
import { CreateApiKeyDto } from './dto/auth.dto.js';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** Create a key for your own system. The key is in this answer only. */
  @Post()
  @SkipIdempotency()
  @Allow('account:self')
  create(@CurrentActor() actor: Caller, @Body() input: CreateApiKeyDto): Promise<CreatedApiKeyView> {
    return this.keys.create(actor, input.name, input.expiresAt);
  }

  /** Your keys, newest first, without the keys themselves. */
  @Get()
  @Allow('account:self')
  @ApiPage(ApiKeyView)
  async list(@CurrentActor() actor: Caller): Promise<Page<ApiKeyView>> {
    return { data: await this.keys.list(actor), nextCursor: null };
  }

  @Delete(':id')
  @HttpCode(204)
  @Allow('account:self')
  async revoke(@CurrentActor() actor: Caller, @Param('id', RecordIdPipe) id: string): Promise<void> {
    await this.keys.revoke(actor, id);
  }
}
