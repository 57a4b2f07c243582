"""Transfers and emergency access through the API: the same services, selectors and
predicates as the pages. A transfer or a grant outside the caller's reach is 404; inside
it, a role that cannot act on it 403; a transfer already decided 409."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from core.errors import CREATE_ERRORS, WRITE_ERRORS, error_responses
from core.idempotency import idempotent_create
from partnerships.models import Community

from .. import permissions_transfers as can
from .. import selectors
from .. import selectors_grants as grants
from ..services import emergency, transfers
from . import transfer_serializers as s

READ_ERRORS = error_responses(401, 403, 404, 429)
DECIDE_ERRORS = {**WRITE_ERRORS, **error_responses(409)}


def _input(serializer_class, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _community(pk: int) -> Community:
    return get_object_or_404(Community, pk=pk)


class TransferListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Transfers from or to the communities where you lead a team",
        responses={200: s.TransferSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        can.require_read_transfers(request.user)
        rows = grants.transfers_for(actor=request.user)[:200]
        return Response(s.TransferSerializer(rows, many=True).data)

    @extend_schema(
        summary="Propose moving a child's record to another community",
        request=s.TransferProposeSerializer,
        responses={201: s.TransferSerializer, **CREATE_ERRORS},
    )
    @idempotent_create("transfer")
    def post(self, request: Request) -> Response:
        data = _input(s.TransferProposeSerializer, request)
        child = selectors.child_get(actor=request.user, child_id=data["child"])
        transfer = transfers.transfer_propose(
            actor=request.user,
            child=child,
            to_community=_community(data["to_community"]),
            reason=data["reason"],
            moves_on=data["moves_on"],
        )
        return Response(s.TransferSerializer(transfer).data, status=status.HTTP_201_CREATED)


class TransferDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="One transfer", responses={200: s.TransferSerializer, **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        transfer = grants.transfer_get(actor=request.user, transfer_id=pk)
        can.require_see_transfer(request.user, transfer)
        return Response(s.TransferSerializer(transfer).data)


def _decision(request: Request, pk: int, require, decide) -> Response:
    """Find the transfer (404), check the caller may act on it (403), then act (409 when
    it was decided meanwhile)."""
    transfer = grants.transfer_get(actor=request.user, transfer_id=pk)
    require(request.user, transfer)
    return Response(s.TransferSerializer(decide(transfer)).data)


class TransferAcceptView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Accept: the child's whole record moves here now",
        request=s.TransferAcceptSerializer,
        responses={200: s.TransferSerializer, **DECIDE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        def accept(transfer):
            data = _input(s.TransferAcceptSerializer, request)
            practitioner = User.objects.filter(pk=data["practitioner"]).first()
            return transfers.transfer_accept(
                actor=request.user, transfer=transfer, practitioner=practitioner
            )

        return _decision(request, pk, can.require_decide_transfer, accept)


class TransferDeclineView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Decline, with the reason",
        request=s.TransferDeclineSerializer,
        responses={200: s.TransferSerializer, **DECIDE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        def decline(transfer):
            reason = _input(s.TransferDeclineSerializer, request)["reason"]
            return transfers.transfer_decline(actor=request.user, transfer=transfer, reason=reason)

        return _decision(request, pk, can.require_decide_transfer, decline)


class TransferWithdrawView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Withdraw a transfer still waiting",
        request=None,
        responses={200: s.TransferSerializer, **DECIDE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        def withdraw(transfer):
            return transfers.transfer_withdraw(actor=request.user, transfer=transfer)

        return _decision(request, pk, can.require_withdraw_transfer, withdraw)


# --- emergency access ---------------------------------------------------------------------


class EmergencySearchView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Find another community's child by exact name and date of birth",
        description="No partial names: the given (or preferred) and family names must match "
        "in full, letter case and spacing aside. The search is audited.",
        request=s.EmergencySearchSerializer,
        responses={200: s.EmergencyMatchSerializer(many=True), **WRITE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        can.require_break_glass(request.user)
        data = _input(s.EmergencySearchSerializer, request)
        matches = emergency.emergency_search(
            actor=request.user, community=_community(data.pop("community")), **data
        )
        return Response(s.EmergencyMatchSerializer(matches, many=True).data)


class EmergencyGrantListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Every emergency grant with its reads (administrators)",
        responses={200: s.ReadGrantSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request) -> Response:
        can.require_review_emergency_access(request.user)
        rows = grants.emergency_grants()[:500]
        return Response(s.ReadGrantSerializer(rows, many=True).data)

    @extend_schema(
        summary="Emergency read access to the child an exact search found, with a reason",
        request=s.EmergencyGrantInputSerializer,
        responses={201: s.ReadGrantSerializer, **CREATE_ERRORS},
    )
    @idempotent_create("emergency-grant")
    def post(self, request: Request) -> Response:
        can.require_break_glass(request.user)
        data = _input(s.EmergencyGrantInputSerializer, request)
        grant = emergency.emergency_access_grant(
            actor=request.user,
            community=_community(data.pop("community")),
            child_id=data.pop("child"),
            **data,
        )
        return Response(s.ReadGrantSerializer(grant).data, status=status.HTTP_201_CREATED)


class EmergencyGrantRevokeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Revoke an emergency grant now (administrators)",
        request=None,
        responses={200: s.ReadGrantSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        can.require_review_emergency_access(request.user)
        grant = get_object_or_404(grants.emergency_grants(), pk=pk)
        done = emergency.emergency_access_revoke(actor=request.user, grant=grant)
        return Response(s.ReadGrantSerializer(done).data)


class GrantedChildView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="A child read through a read grant (after a transfer, or emergency access)",
        description="Read-only; every read is audited with the grant's reason. Outside a "
        "running grant (and the caller's own communities) the child is not found.",
        responses={200: s.GrantedChildSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        child = selectors.child_detail(actor=request.user, child_id=pk)
        if getattr(child, "read_grant", None) is None:
            # A child of the caller's own communities is read through the children endpoint.
            raise NotFound()
        return Response(s.GrantedChildSerializer(child).data)
