from rest_framework import serializers

from ..models import Community, Partnership, Region


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "name", "slug"]


class PartnershipSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Partnership
        fields = ["id", "name", "status", "established_on", "keeps_case_records"]


class CommunitySerializer(serializers.ModelSerializer):
    region = RegionSerializer(read_only=True)
    partnership = PartnershipSummarySerializer(read_only=True)

    class Meta:
        model = Community
        fields = ["id", "name", "slug", "alternative_names", "region", "partnership"]
