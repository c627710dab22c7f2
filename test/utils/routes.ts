import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { OUTSIDE_API } from '../../src/app.js';
import { PUBLIC_ROUTE, REQUIRED_PERMISSIONS } from '../../src/auth/decorators.js';

export interface RouteInfo {
  method: string;
  path: string;
  access: string;
}

const UNPREFIXED = OUTSIDE_API.map((path) => `/${path}`);

function join(...parts: string[]): string {
  const path = `/${parts
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
  return path.replace(/:(\w+)/g, '{$1}');
}

/** Every route the application serves, with the access it declares: read from the controllers themselves. */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
      if (!controller) continue;
      const base = (Reflect.getMetadata(PATH_METADATA, controller) as string) ?? '';
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const sub = (Reflect.getMetadata(PATH_METADATA, handler) as string) ?? '';
        let path = join(base, sub);
        if (!UNPREFIXED.includes(path)) path = join('api/v1', path);
        const isPublic = Reflect.getMetadata(PUBLIC_ROUTE, handler) ?? Reflect.getMetadata(PUBLIC_ROUTE, controller);
        const permissions = (Reflect.getMetadata(REQUIRED_PERMISSIONS, handler) ??
          Reflect.getMetadata(REQUIRED_PERMISSIONS, controller)) as string[] | undefined;
        routes.push({
          method: RequestMethod[method],
          path,
          access: isPublic ? 'public' : permissions?.length ? permissions.join(' + ') : 'NONE (refused)',
        });
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}
