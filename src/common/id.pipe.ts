import { Injectable, type PipeTransform } from '@nestjs/common';
import { AppError } from './errors/app-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A record id in a path: anything that is not a UUID names no record, so it is a 404. */
@Injectable()
export class RecordIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw new AppError('not_found', 'No such record.');
    return value.toLowerCase();
  }
}
