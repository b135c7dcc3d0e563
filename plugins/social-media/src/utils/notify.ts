import { alertApiRef, useApiHolder } from '@backstage/core-plugin-api';
import { coreApis } from '@backstage/frontend-plugin-api';
import { useCallback } from 'react';

/**
 * Tells the user that something worked: as a toast where the app has the
 * toast API (new frontend system), otherwise through the alert API.
 */
export function useSuccessNotice(): (message: string) => void {
  const apis = useApiHolder();
  return useCallback(
    (message: string) => {
      const toast = apis.get(coreApis.toast);
      if (toast) {
        toast.post({ title: message, status: 'success', timeout: 5000 });
        return;
      }
      apis
        .get(alertApiRef)
        ?.post({ message, severity: 'success', display: 'transient' });
    },
    [apis],
  );
}
