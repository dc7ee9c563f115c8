// The base of every long-lived object in the extension: what it registers is disposed with it, once, newest first.
// Panels and sessions are disposed from several places (the user closes a tab, the report goes away, deactivation),
// so a second dispose must be harmless, and something registered after the object is gone must not leak.
import type * as vscode from 'vscode';

export abstract class Disposable implements vscode.Disposable {
  private readonly registered: vscode.Disposable[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  /** Disposes `item` with this object (at once, when this object is already disposed). */
  protected _register<T extends vscode.Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.registered.push(item);
    return item;
  }

  /** Subclasses that add their own clean-up override this and call `super.dispose()` last. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const item of this.registered.splice(0).reverse()) item.dispose();
  }
}
