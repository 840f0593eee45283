from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = "Outgoing email"

    def ready(self) -> None:
        from allauth.account.signals import email_changed, password_changed, password_reset
        from allauth.mfa.signals import authenticator_removed

        from members import data_rights as member_data_rights
        from members.signals import data_export_ready, signed_in_from_new_device

        from . import data_rights, security

        password_changed.connect(security.on_password_changed, dispatch_uid="outbox_password_changed")
        password_reset.connect(security.on_password_changed, dispatch_uid="outbox_password_reset")
        email_changed.connect(security.on_email_changed, dispatch_uid="outbox_email_changed")
        authenticator_removed.connect(security.on_authenticator_removed, dispatch_uid="outbox_mfa_removed")
        signed_in_from_new_device.connect(security.on_new_device, dispatch_uid="outbox_new_device")
        data_export_ready.connect(data_rights.on_data_export_ready, dispatch_uid="outbox_data_export_ready")
        member_data_rights.register_exporter("emails", data_rights.outbox_export)
        member_data_rights.register_eraser("emails", data_rights.outbox_erase)
