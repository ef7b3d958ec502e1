import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

const flatten = (errors: ValidationError[], parent = ''): string[] =>
  errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) =>
      // class-validator says "property x should not exist"; name the full path instead.
      text.startsWith(`property ${error.property} `) ? text.replace(`property ${error.property}`, `property ${path}`)
        : text.replace(new RegExp(`^${error.property}\\b`), path));
    return [...own, ...flatten(error.children ?? [], path)];
  });

/** Unknown fields are refused and every message names the field it is about. */
export const validationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => new BadRequestException({ message: flatten(errors), code: 'VALIDATION_FAILED' }),
  });
