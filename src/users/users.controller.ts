import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiPage } from '../common/openapi.js';
import { Allow, CurrentActor } from '../auth/decorators.js';
import { IfMatch, requireVersion } from '../common/etag.js';
import { RecordIdPipe } from '../common/id.pipe.js';
import { RecordLocation } from '../common/record-location.js';
import type { Page } from '../common/pagination.js';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './dto/user.dto.js';
import { UsersService } from './users.service.js';
import { UserView } from './user.view.js';
import type { Caller } from '../common/request-context.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Allow('users:manage')
  @ApiPage(UserView)
  list(@Query() query: ListUsersQuery): Promise<Page<UserView>> {
    return this.users.list(query);
  }

  /** Create an account. Without a password, the user is mailed a single-use link to set one (72 hours). */
  @Post()
  @Allow('users:manage')
  @RecordLocation('/api/v1/users/:id')
  create(@CurrentActor() actor: Caller, @Body() input: CreateUserDto): Promise<UserView> {
    return this.users.create(actor, input);
  }

  @Get(':id')
  @Allow('users:manage')
  get(@Param('id', RecordIdPipe) id: string): Promise<UserView> {
    return this.users.get(id);
  }

  /** Change a user; `{active: false}` deactivates and cuts off every token and key at once. Needs If-Match. */
  @Patch(':id')
  @Allow('users:manage')
  update(
    @CurrentActor() actor: Caller,
    @Param('id', RecordIdPipe) id: string,
    @Body() input: UpdateUserDto,
    @IfMatch() version: number | undefined,
  ): Promise<UserView> {
    return this.users.update(actor, id, input, requireVersion(version));
  }
}
