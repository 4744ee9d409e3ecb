/** The notification input lives in the domain (`src/domain/register/notificationInput.ts`); kept for older imports. */
export * from '../../domain/register/notificationInput.ts'
