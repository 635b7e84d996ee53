package dev.spotshift.infra;

import com.sun.tools.attach.VirtualMachine;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/** Reads an MBean attribute of a child JVM (the broker) through the JDK's attach API, as jconsole would. */
final class BrokerJmx {

    private BrokerJmx() {}

    static Object attribute(long pid, ObjectName name, String attribute) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            return jmx.getMBeanServerConnection().getAttribute(name, attribute);
        }
    }
}
