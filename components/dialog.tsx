"use client";

import * as RadixDialog from "@radix-ui/react-dialog";

type ContentProps = React.ComponentPropsWithoutRef<typeof RadixDialog.Content>;

type DialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: React.ReactNode;
  children: React.ReactNode;
  /** Passed to Radix's Content: focus and dismiss handlers. */
  contentProps?: Omit<ContentProps, "children" | "className">;
  testId?: string;
};

/** A modal Radix dialog in the app's style: focus trapped inside, returned on close, Escape closes. */
export function Dialog({ open, onOpenChange, title, description, children, contentProps, testId }: DialogProps) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/50" />
        <RadixDialog.Content
          {...(description ? {} : { "aria-describedby": undefined })}
          {...contentProps}
          data-testid={testId}
          className="fixed left-1/2 top-1/2 z-50 max-h-[calc(100dvh-2rem)] w-[calc(100vw-2rem)] max-w-xl -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl bg-white p-5 shadow-xl focus:outline-none sm:p-6"
        >
          <RadixDialog.Title className="text-lg font-semibold text-slate-900">{title}</RadixDialog.Title>
          {description ? (
            <RadixDialog.Description className="mt-1 text-sm text-slate-600">{description}</RadixDialog.Description>
          ) : null}
          <div className="mt-4">{children}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
