import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { RecordIdPipe } from '../common/id.pipe.js';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SealedAnswer } from '../common/idempotency/idempotency.decorators.js';
import { PageQuery, type Page } from '../common/pagination.js';
import type { Caller } from '../common/request-context.js';
import { ApiKeyView, CreatedApiKeyView } from './api-key.view.js';
import { ApiKeysService } from './api-keys.service.js';
import { ApiPage } from '../common/openapi.js';
import { Allow, CurrentActor, ManagesCredentials } from './decorators.js';
import { CreateApiKeyDto } from './dto/auth.dto.js';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth/api-keys')
@ManagesCredentials()
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** Create a key for your own system. The key is in this answer only. */
  @Post()
  @SealedAnswer()
  @Allow('account:self')
  create(@CurrentActor() actor: Caller, @Body() input: CreateApiKeyDto): Promise<CreatedApiKeyView> {
    return this.keys.create(actor, input.name, new Date(input.expiresAt));
  }

  /** Your keys, newest first, without the keys themselves. */
  @Get()
  @Allow('account:self')
  @ApiPage(ApiKeyView)
  list(@CurrentActor() actor: Caller, @Query() query: PageQuery): Promise<Page<ApiKeyView>> {
    return this.keys.list(actor, query);
  }

  @Delete(':id')
  @HttpCode(204)
  @Allow('account:self')
  async revoke(@CurrentActor() actor: Caller, @Param('id', RecordIdPipe) id: string): Promise<void> {
    await this.keys.revoke(actor, id);
  }
}
