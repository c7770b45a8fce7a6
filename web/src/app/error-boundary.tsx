import { Button } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { MessagePage } from '../components/message-page';

type BoundaryProps = { children: ReactNode; resetKey: string };
type BoundaryState = { error: unknown };

function CrashMessage() {
  return (
    <MessagePage
      color="red"
      icon={<IconRefresh size={30} stroke={1.5} aria-hidden="true" />}
      title="Something went wrong"
      description="This page ran into a problem. Reloading usually fixes it; if it does not, try again in a few minutes."
      actions={
        <>
          <Button onClick={() => window.location.reload()}>Reload</Button>
          <Button component="a" href="/" variant="default">
            Go home
          </Button>
        </>
      }
    />
  );
}

// React catches render errors only in class components.
class Boundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('A page failed to render', error, info.componentStack);
  }

  override componentDidUpdate(previous: BoundaryProps): void {
    if (this.state.error !== null && previous.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  override render(): ReactNode {
    return this.state.error === null ? this.props.children : <CrashMessage />;
  }
}

/** Catches a page that fails to render (or whose code fails to load) and offers a way out; navigating away resets it. */
export function PageErrorBoundary({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return <Boundary resetKey={pathname}>{children}</Boundary>;
}
