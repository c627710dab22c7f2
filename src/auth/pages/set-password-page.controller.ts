import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { Public } from '../decorators.js';

const page = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
const HTML = page('set-password.html');
const SCRIPT = page('set-password.js');
const STYLE = page('set-password.css');

/**
 * The page behind the link in invitation and reset emails (`APP_BASE_URL/set-password?token=…`): a form that
 * sends the token and the new password to `POST /api/v1/auth/set-password`. Static, same-origin script and style
 * only, so the default Content-Security-Policy holds.
 */
@ApiTags('pages')
@Controller()
export class SetPasswordPageController {
  @Public()
  @Get('set-password')
  @ApiOperation({ summary: 'The page an invitation or reset email links to (?token=…): choose a password' })
  @ApiOkResponse({ description: 'An HTML form', content: { 'text/html': { schema: { type: 'string' } } } })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  form(): string {
    return HTML;
  }

  @Public()
  @Get('set-password.js')
  @ApiOperation({ summary: "The set-password page's script" })
  @ApiOkResponse({ content: { 'text/javascript': { schema: { type: 'string' } } } })
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  script(): string {
    return SCRIPT;
  }

  @Public()
  @Get('set-password.css')
  @ApiOperation({ summary: "The set-password page's style" })
  @ApiOkResponse({ content: { 'text/css': { schema: { type: 'string' } } } })
  @Header('Content-Type', 'text/css; charset=utf-8')
  style(): string {
    return STYLE;
  }
}
