import type { UseFormInput } from '@mantine/form';
import { useRef } from 'react';

type Enhancer<Values> = NonNullable<UseFormInput<Values>['enhanceGetInputProps']>;

/**
 * Validation as you type without scolding too early: a field is first checked when the person
 * leaves it after typing (or submits the form); from then on it is re-checked on every keystroke,
 * so an error disappears the moment it is fixed. Pass the result as `enhanceGetInputProps`.
 */
export function useLiveValidation<Values>(): Enhancer<Values> {
  const visited = useRef(new Set<string>());
  return ({ inputProps, field, form }) => {
    // Mantine merges the result into `inputProps` itself, so keep the original handler first.
    const { onChange } = inputProps;
    return {
      onChange: (event: unknown) => {
        onChange(event);
        if (visited.current.has(String(field)) || form.errors[String(field)]) form.validateField(field);
      },
      onBlur: () => {
        if (!form.isDirty(field)) return;
        visited.current.add(String(field));
        form.validateField(field);
      },
    };
  };
}
