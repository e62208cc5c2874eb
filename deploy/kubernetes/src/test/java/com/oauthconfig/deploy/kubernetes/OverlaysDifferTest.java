package com.oauthconfig.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.strimzi.api.kafka.model.kafka.PersistentClaimStorage;
import io.strimzi.api.kafka.model.kafka.JbodStorage;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** dev is smaller than prod in replicas, resources, autoscaler bounds and storage. */
class OverlaysDifferTest {

    @Test
    void prodHasMoreReplicasResourcesAutoscalerHeadroomAndStorageThanDev() {
        Rendered dev = Rendered.of("dev");
        Rendered prod = Rendered.of("prod");
        for (String svc : Platform.SERVICES.keySet()) {
            var devHpa = dev.named(HorizontalPodAutoscaler.class, svc).getSpec();
            var prodHpa = prod.named(HorizontalPodAutoscaler.class, svc).getSpec();
            assertTrue(prodHpa.getMinReplicas() > devHpa.getMinReplicas(), svc + " min replicas");
            assertTrue(prodHpa.getMaxReplicas() > devHpa.getMaxReplicas(), svc + " max replicas");
            assertTrue(memory(prod.named(Deployment.class, svc)).compareTo(memory(dev.named(Deployment.class, svc))) > 0, svc + " memory");
            assertTrue(bytes(prod.cluster(svc + "-db").spec().storage().size()).compareTo(bytes(dev.cluster(svc + "-db").spec().storage().size())) > 0, svc + " db storage");
            assertTrue(prod.cluster(svc + "-db").spec().instances() > dev.cluster(svc + "-db").spec().instances(), svc + " db instances");
        }
        assertTrue(bytes(brokerDisk(prod)).compareTo(bytes(brokerDisk(dev))) > 0, "broker storage");
    }

    private static java.math.BigDecimal memory(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits().get("memory").getNumericalAmount();
    }

    private static java.math.BigDecimal bytes(String size) {
        return Quantity.getAmountInBytes(new Quantity(size));
    }

    private static String brokerDisk(Rendered r) {
        var storage = (JbodStorage) r.named(KafkaNodePool.class, "brokers").getSpec().getStorage();
        return ((PersistentClaimStorage) storage.getVolumes().get(0)).getSize();
    }
}
