from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. What they may see comes from their memberships."""

    display_name = models.CharField(verbose_name=_("display name"), max_length=150, blank=True)

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class ApiTokenVerification(models.Model):
    """An API token that was issued against a valid one-time code.

    Users who must use two-factor sign-in can only call the API with such a token.
    """

    token = models.OneToOneField(
        "authtoken.Token",
        verbose_name=_("token"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(verbose_name=_("verified at"), auto_now_add=True)

    def __str__(self) -> str:
        return f"token of user {self.token.user_id} verified {self.verified_at:%Y-%m-%d}"
